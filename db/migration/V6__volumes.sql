-- Volumes (the local driver's): the bytes stay in DATA/volumes/<name>/_data, this is their
-- metadata. Which containers use a volume is not stored: it follows from the containers'
-- own records (their mounts) and is rebuilt when the platform starts, as Docker does.
CREATE TABLE volumes (
    name     VARCHAR(255) NOT NULL PRIMARY KEY,
    driver   VARCHAR(64)  NOT NULL,
    created  TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    labels   VARCHAR(1000000) NOT NULL,   -- JSON object (anonymous volumes: com.docker.volume.anonymous)
    options  VARCHAR(100000)  NOT NULL    -- JSON object: the local driver's type, device, o
);

-- Containers and images: real columns for what is looked up or listed, the whole record as
-- JSON in `data` so that fields added to a container's spec or state need no migration.
-- Later tables (exec sessions, networks, volumes) refer to containers(id).

CREATE TABLE containers (
    id        CHAR(64)      NOT NULL PRIMARY KEY,
    name      VARCHAR(255)  NOT NULL,
    image_id  VARCHAR(71)   NOT NULL,                  -- sha256:<hex>
    status    VARCHAR(16)   NOT NULL,                  -- created, running, paused, exited, ...
    created   TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    -- ContainerCodec's JSON of the whole Container (spec, resolved config, state); a VARCHAR,
    -- not a CLOB, so H2 keeps it in the row instead of its separate LOB storage
    data      VARCHAR(1000000) NOT NULL,
    CONSTRAINT containers_name_unique UNIQUE (name)
);
CREATE INDEX containers_image_id ON containers (image_id);
CREATE INDEX containers_status ON containers (status);

-- An image is a config blob (its digest is the ID) in the data dir; this records which
-- blobs are images. No foreign key on parent: removal order is the image store's business.
CREATE TABLE images (
    id        VARCHAR(71)   NOT NULL PRIMARY KEY,      -- sha256:<hex>
    parent    VARCHAR(71),                             -- the image it was committed from
    created   TIMESTAMP(9) WITH TIME ZONE,             -- from the config; null when it has none
    last_tag_time TIMESTAMP(9) WITH TIME ZONE          -- Docker's LastTagTime: a tag put on it here
);
CREATE INDEX images_parent ON images (parent);

CREATE TABLE image_tags (
    reference VARCHAR(512)  NOT NULL PRIMARY KEY,      -- normalized "name:tag"
    image_id  VARCHAR(71)   NOT NULL REFERENCES images (id) ON DELETE CASCADE
);
CREATE INDEX image_tags_image_id ON image_tags (image_id);

-- One row per metadata source imported once (the file metadata of a data dir made before
-- the database existed), so an import never runs twice.
CREATE TABLE metadata_imports (
    source      VARCHAR(64) NOT NULL PRIMARY KEY,
    imported_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    containers  INT NOT NULL,
    images      INT NOT NULL
);

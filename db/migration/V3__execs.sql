-- Exec instances (`docker exec`), so `GET /exec/{id}/json` answers after a platform restart.
-- A session that was running when the platform stopped cannot be followed again (its process
-- was the platform's child): it comes back as not running with an unknown (NULL) exit code.
CREATE TABLE execs (
    id            VARCHAR(64)  PRIMARY KEY,
    container_id  VARCHAR(64)  NOT NULL,
    spec          VARCHAR(1000000) NOT NULL,  -- JSON: the ExecSpec and the attach choices
    started       BOOLEAN      NOT NULL,
    running       BOOLEAN      NOT NULL,
    exit_code     INT
);
CREATE INDEX execs_container ON execs (container_id);

-- Networks and their endpoints (Docker's network objects; see dev.caisson.engine.network).
-- Real columns for what constraints need, the whole record as JSON in `data` so fields added
-- later need no migration.

CREATE TABLE networks (
    id        CHAR(64)      NOT NULL PRIMARY KEY,
    name      VARCHAR(255)  NOT NULL,
    driver    VARCHAR(32)   NOT NULL,                  -- bridge, host, null
    created   TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    data      VARCHAR(1000000) NOT NULL,               -- the Network record as JSON
    CONSTRAINT networks_name_unique UNIQUE (name)
);

-- One row per container and network it is attached to. ipv4 is the IPAM lease, set only
-- while the container runs: the unique constraint is what makes a duplicate address
-- impossible (NULLs, stopped containers' rows, do not collide). No foreign key on network_id:
-- a stopped container keeps its attachment to a removed network, and fails to start on it,
-- as in Docker.
CREATE TABLE network_endpoints (
    container_id CHAR(64)   NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
    network_id   CHAR(64)   NOT NULL,
    ipv4         VARCHAR(15),
    data         VARCHAR(1000000) NOT NULL,            -- the Endpoint record as JSON
    PRIMARY KEY (container_id, network_id),
    CONSTRAINT network_endpoints_lease UNIQUE (network_id, ipv4)
);

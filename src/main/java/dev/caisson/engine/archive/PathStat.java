package dev.caisson.engine.archive;

import java.time.Instant;

/**
 * What Docker reports about a container path (the X-Docker-Container-Path-Stat header).
 *
 * @param mode       st_mode: file type bits and permissions (the API turns it into Go's FileMode)
 * @param linkTarget for a symlink, where it leads in the container, fully resolved; else ""
 */
public record PathStat(String name, long size, int mode, Instant mtime, String linkTarget) {
}

/**
 * Container cgroups: {@link dev.caisson.engine.cgroup.CgroupDriver} and
 * {@link dev.caisson.engine.cgroup.CgroupManager} with value types, implemented by
 * {@code v1} (one directory per mounted hierarchy) and {@code v2} (one unified tree);
 * {@link dev.caisson.engine.cgroup.CgroupDriver#detect()} picks.
 *
 * <p>Each driver first decides the control-file writes for a
 * {@link dev.caisson.engine.cgroup.Resources} as a list of
 * {@link dev.caisson.engine.cgroup.CgroupWrite} values (V1Plan, V2Plan), then applies them
 * through one write helper that names file and value in every error. Only plain file I/O on
 * the cgroup filesystem is used; signals go through {@link java.lang.ProcessHandle}.
 */
package dev.caisson.engine.cgroup;

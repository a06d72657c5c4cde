package dev.caisson.engine.network;

/**
 * A network event as Docker reports it: create, destroy, connect, disconnect (containerId set
 * for the last two).
 */
public record NetworkEvent(String action, String networkId, String networkName, String driver, String containerId) {
}

package dev.caisson.engine;

/**
 * Root of the engine's small error family. Each subclass maps to one Engine API status
 * code (and one dashboard message style) at the platform boundary; the engine itself
 * never knows about HTTP.
 */
public abstract class EngineException extends RuntimeException {
    protected EngineException(String message) {
        super(message);
    }

    protected EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}

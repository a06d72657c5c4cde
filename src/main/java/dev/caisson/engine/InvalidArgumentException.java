package dev.caisson.engine;

/** The caller sent something malformed or impossible (Engine API: 400). */
public class InvalidArgumentException extends EngineException {
    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}

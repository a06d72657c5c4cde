package dev.caisson.engine;

/** The request clashes with the current state, e.g. a name in use (Engine API: 409). */
public class ConflictException extends EngineException {
    public ConflictException(String message) {
        super(message);
    }
}

package dev.caisson.engine;

/** The named object does not exist (Engine API: 404). */
public class NotFoundException extends EngineException {
    public NotFoundException(String message) {
        super(message);
    }
}

package dev.caisson.engine;

/** The request is understood but not allowed, e.g. removing a network in use (Engine API: 403). */
public class ForbiddenException extends EngineException {
    public ForbiddenException(String message) {
        super(message);
    }
}

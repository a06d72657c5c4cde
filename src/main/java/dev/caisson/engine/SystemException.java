package dev.caisson.engine;

/** The host refused something the engine needed (a syscall, a write to /sys): Engine API 500. */
public class SystemException extends EngineException {
    public SystemException(String message) {
        super(message);
    }

    public SystemException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.caisson.api.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/** The engine's error family mapped once to Docker's {"message": ...} bodies and status codes. */
@RestControllerAdvice
class ApiErrors {
    record Message(String message) {
    }

    static int status(EngineException e) {
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof ConflictException) {
            return 409;
        }
        if (e instanceof InvalidArgumentException) {
            return 400;
        }
        if (e instanceof dev.caisson.engine.ForbiddenException) {
            return 403;
        }
        return 500;
    }

    @ExceptionHandler(EngineException.class)
    ResponseEntity<Message> engine(EngineException e) {
        return ResponseEntity.status(status(e)).body(new Message(e.getMessage()));
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Message> badJson(org.springframework.http.converter.HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new Message("invalid JSON: "
                + (e.getMostSpecificCause() == null ? e.getMessage() : e.getMostSpecificCause().getMessage())));
    }

    /** No route: a path no controller maps (NoHandlerFound), or one under the assets that does not exist. */
    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Message> noRoute(Exception e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new Message("page not found"));
    }

    /** For filters, which run before Spring MVC's error handling. */
    static void write(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json");
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        res.getOutputStream().write(("{\"message\":\"" + escaped + "\"}\n").getBytes(StandardCharsets.UTF_8));
    }
}

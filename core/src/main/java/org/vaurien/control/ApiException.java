package org.vaurien.control;

/** A request the control API refuses, with the HTTP status it answers. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The body field at fault, for Vaurien's error shape; null when none. */
    public String field() {
        return field;
    }
}

package org.vaurien.control;

/** What the control API answers: a status, a content type and a body. */
public record Answer(int status, String contentType, String body) {
    public static final String JSON = "application/json";

    public static Answer json(int status, String body) {
        return new Answer(status, JSON, body);
    }

    public static Answer noContent() {
        return new Answer(204, JSON, "");
    }
}

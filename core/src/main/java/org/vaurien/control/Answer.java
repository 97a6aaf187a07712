package org.vaurien.control;

/** What the control API answers: a status, a content type and a body. */
record Answer(int status, String contentType, String body) {
    static final String JSON = "application/json";

    static Answer json(int status, String body) {
        return new Answer(status, JSON, body);
    }

    static Answer noContent() {
        return new Answer(204, JSON, "");
    }
}

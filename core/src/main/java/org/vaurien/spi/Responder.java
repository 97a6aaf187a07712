package org.vaurien.spi;

/**
 * Makes the answer the proxy sends in place of the backend's, from the request it answers: a
 * behavior's own response (an HTTP 429 with {@code Retry-After}, a redirect to the request's own
 * URL). Called on the connection's I/O thread once the request was read to its end.
 */
@FunctionalInterface
public interface Responder {
    /**
     * @param request the framer that read the request: its {@link Framer#field} values (method,
     *                path, command...) say what was asked
     */
    Reply respond(Framer request);
}

package org.vaurien.protocols;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;

/**
 * Answers a request with a status of the user's choice, with chosen headers and body: a 429 with
 * {@code Retry-After}, a 503 with a JSON body. The backend never sees the request.
 */
public final class HttpStatusBehavior implements Behavior {
    static final Option<Integer> STATUS = Option.integer("status", "the response's status (429, 503, 404...)", 503, 200, 599);
    static final Option<String> HEADERS = Option.text("headers",
            "header lines of the response, separated by | (e.g. 'Retry-After: 5 | X-Reason: quota')", "");
    static final Option<String> BODY = Option.text("body", "the response's body; empty: a line that says Vaurien sent it", "");
    static final Option<String> CONTENT_TYPE = Option.text("content_type",
            "the body's type; empty: application/json for a body that starts with { or [, else text/plain", "");
    static final Option<Boolean> CLOSE = Option.bool("close",
            "say Connection: close and close the connection after the response; false: keep it open", false);

    @Override
    public String name() {
        return "http_status";
    }

    @Override
    public String description() {
        return "answers with the status, headers and body given (429 with Retry-After...); the backend never sees the request";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(STATUS, HEADERS, BODY, CONTENT_TYPE, CLOSE);
    }

    @Override
    public Set<String> protocols() {
        return Set.of("http");
    }

    @Override
    public void check(Options options) {
        HttpResponses.headerLines(name(), HEADERS.name(), options.get(HEADERS));
        HttpResponses.oneLine(name(), CONTENT_TYPE.name(), options.get(CONTENT_TYPE));
    }

    @Override
    public Fault configure(Options options) {
        int status = options.get(STATUS);
        List<String> headers = HttpResponses.headerLines(name(), HEADERS.name(), options.get(HEADERS));
        String body = options.get(BODY).isEmpty()
                ? "Vaurien answered this request: " + status + " " + HttpResponses.reason(status) + "\n" : options.get(BODY);
        String type = HttpResponses.contentType(options.get(CONTENT_TYPE), body);
        boolean close = options.get(CLOSE);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(STATUS.name(), status);
        parameters.put(HEADERS.name(), options.get(HEADERS));
        parameters.put(BODY.name(), options.get(BODY));
        parameters.put(CONTENT_TYPE.name(), options.get(CONTENT_TYPE));
        parameters.put(CLOSE.name(), close);
        Injection respond = Injection.at(Phase.REQUEST, new Effect.Respond(
                request -> HttpResponses.complete(request, status, headers, body, type, close), parameters));
        return exchange -> respond;
    }
}

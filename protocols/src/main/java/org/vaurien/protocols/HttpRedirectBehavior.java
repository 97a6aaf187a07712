package org.vaurien.protocols;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaurien.BadInputException;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;

/**
 * Answers with a redirect, by default to the request's own URL: a client that follows it asks
 * again, is redirected again, and gives up after its own limit (a redirect loop).
 */
public final class HttpRedirectBehavior implements Behavior {
    static final Option<Integer> STATUS = Option.integer("status", "the redirect's status: 301, 302, 303, 307 or 308", 302, 301, 308);
    static final Option<String> LOCATION = Option.text("location",
            "where it sends the client; empty: the request's own URL, a loop", "");

    @Override
    public String name() {
        return "http_redirect";
    }

    @Override
    public String description() {
        return "answers with a redirect, by default to the request's own URL (a redirect loop)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(STATUS, LOCATION);
    }

    @Override
    public Set<String> protocols() {
        return Set.of("http");
    }

    @Override
    public void check(Options options) {
        int status = options.get(STATUS);
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new BadInputException("behavior 'http_redirect', option 'status': " + status
                    + " is not a redirect (301, 302, 303, 307 or 308)");
        }
        HttpResponses.oneLine(name(), LOCATION.name(), options.get(LOCATION));
    }

    @Override
    public Fault configure(Options options) {
        int status = options.get(STATUS);
        String location = options.get(LOCATION);
        Injection respond = Injection.at(Phase.REQUEST, new Effect.Respond(request -> {
            String to = location.isEmpty() ? request.field("target") : location;
            return HttpResponses.complete(request, status, List.of("Location: " + (to == null ? "/" : to)), "", null, false);
        }, Map.of(STATUS.name(), status, LOCATION.name(), location)));
        return exchange -> respond;
    }
}

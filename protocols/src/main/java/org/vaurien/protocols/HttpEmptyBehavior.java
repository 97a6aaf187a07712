package org.vaurien.protocols;

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
 * Answers with a head that says {@code Connection: close} and no length, then closes: a valid
 * response whose body is empty, where the application expected one.
 */
public final class HttpEmptyBehavior implements Behavior {
    static final Option<Integer> STATUS = Option.integer("status", "the response's status", 200, 200, 599);

    @Override
    public String name() {
        return "http_empty";
    }

    @Override
    public String description() {
        return "answers with a status and Connection: close, then closes with no body";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(STATUS);
    }

    @Override
    public Set<String> protocols() {
        return Set.of("http");
    }

    @Override
    public Fault configure(Options options) {
        int status = options.get(STATUS);
        Injection respond = Injection.at(Phase.REQUEST, new Effect.Respond(
                request -> HttpResponses.raw(HttpResponses.statusLine(request, status) + "Connection: close\r\n\r\n"),
                Map.of(STATUS.name(), status)));
        return exchange -> respond;
    }
}

package org.vaurien.protocols;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;

/** Answers with a response that does not parse, in the part chosen, then closes the connection. */
public final class HttpMalformedBehavior implements Behavior {
    /** Which part of the response is broken. */
    enum Part {
        /** A status line whose code is not a number. */
        STATUS,
        /** A header line without a colon. */
        HEADER,
        /** A chunked body whose chunk size is not hexadecimal. */
        CHUNK
    }

    static final Option<Part> PART = Option.choice("part", "what does not parse: the status line, a header line or a chunk's size", Part.STATUS);

    @Override
    public String name() {
        return "http_malformed";
    }

    @Override
    public String description() {
        return "answers with a response that does not parse (status line, header or chunk), then closes";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(PART);
    }

    @Override
    public Set<String> protocols() {
        return Set.of("http");
    }

    @Override
    public Fault configure(Options options) {
        Part part = options.get(PART);
        Injection respond = Injection.at(Phase.REQUEST, new Effect.Respond(
                request -> HttpResponses.raw(text(part)), Map.of(PART.name(), part.name().toLowerCase(Locale.ROOT))));
        return exchange -> respond;
    }

    private static String text(Part part) {
        switch (part) {
            case STATUS:
                return "HTTP/1.1 2OO OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            case HEADER:
                return "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nthis header line has no colon\r\nConnection: close\r\n\r\nok";
            default:
                return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nok\r\n0\r\n\r\n";
        }
    }
}

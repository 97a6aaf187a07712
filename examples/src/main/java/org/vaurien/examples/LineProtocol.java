package org.vaurien.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * A user's own protocol: each request is a line and is answered by one line, in order (many
 * line-based services work this way). Registered in META-INF/services/org.vaurien.spi.Protocol.
 */
public final class LineProtocol implements Protocol {
    static final Option<String> ERROR = Option.text("error", "the line sent as the error",
            "ERROR injected by vaurien");

    @Override
    public String name() {
        return "line";
    }

    @Override
    public String description() {
        return "a request is a line, answered by one line";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR);
    }

    @Override
    public Conversation open(Options options, Context context) {
        byte[] error = (options.get(ERROR) + "\n").getBytes(StandardCharsets.UTF_8);
        Framer lines = LineProtocol::toEndOfLine;
        return new Conversation() {
            @Override
            public Framer requests() {
                return lines;
            }

            @Override
            public Framer responses() {
                return lines;
            }

            @Override
            public Reply error() {
                return Reply.of(error, false);
            }
        };
    }

    /** Consumes up to and including the next newline; a line may span any number of reads. */
    static Framer.Step toEndOfLine(ByteBuffer in) {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                in.position(i + 1);
                return Framer.Step.END;
            }
        }
        in.position(in.limit());
        return Framer.Step.MORE;
    }
}

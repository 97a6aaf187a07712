package org.vaurien.protocols;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.SocketPolicy;

/** Any TCP stream: a message is what one read returns, cut at {@code buffer} bytes. */
public final class TcpProtocol implements Protocol {
    static final Option<Integer> BUFFER = Option.integer("buffer",
            "largest message in bytes: a read is cut into messages of at most this size", 65536, 1, 1 << 24);
    static final Option<Boolean> KEEP_ALIVE = Option.bool("keep_alive",
            "send TCP keep-alive probes on both sockets", false);
    static final Option<Boolean> REUSE_SOCKET = Option.bool("reuse_socket",
            "when a client leaves, keep its idle backend connection for the next client", false);

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String description() {
        return "any TCP stream; each read is one exchange";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(BUFFER, KEEP_ALIVE, REUSE_SOCKET);
    }

    @Override
    public Conversation open(Options options, Context context) {
        int buffer = options.get(BUFFER);
        Framer framer = in -> {
            in.position(in.position() + Math.min(buffer, in.remaining()));
            return Framer.Step.END;
        };
        return new Conversation() {
            @Override
            public Framer requests() {
                return framer;
            }

            @Override
            public Framer responses() {
                return framer;
            }

            @Override
            public boolean matchesResponses() {
                return false;
            }
        };
    }

    @Override
    public SocketPolicy socketPolicy(Options options) {
        return new SocketPolicy(options.get(KEEP_ALIVE), options.get(REUSE_SOCKET));
    }
}

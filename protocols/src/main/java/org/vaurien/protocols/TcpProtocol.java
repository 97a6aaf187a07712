package org.vaurien.protocols;

import java.util.List;
import org.vaurien.Conversation;
import org.vaurien.Framer;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Protocol;

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
        boolean keepAlive = options.get(KEEP_ALIVE);
        boolean reuse = options.get(REUSE_SOCKET);
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

            @Override
            public boolean keepAliveProbes() {
                return keepAlive;
            }

            @Override
            public boolean reuseBackend() {
                return reuse;
            }
        };
    }
}

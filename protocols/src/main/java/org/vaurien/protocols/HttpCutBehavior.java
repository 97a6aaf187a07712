package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * Passes the backend's response head, with its real Content-Length, and the first
 * {@code body_bytes} bytes of its body, then closes the connection: the client's read of the
 * body comes up short.
 */
public final class HttpCutBehavior implements Behavior {
    static final Option<Long> BODY_BYTES = Option.count("body_bytes", "bytes of the body passed before the connection is closed",
            0, 0, Long.MAX_VALUE);

    @Override
    public String name() {
        return "http_cut";
    }

    @Override
    public String description() {
        return "passes the response's head and body_bytes of its body, then closes the connection";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(BODY_BYTES);
    }

    @Override
    public Set<String> protocols() {
        return Set.of("http");
    }

    @Override
    public boolean shapesOneExchange() {
        return true;
    }

    @Override
    public Fault configure(Options options) {
        long bodyBytes = options.get(BODY_BYTES);
        return (StreamFault) context -> context.direction() == Direction.UPSTREAM ? new Stage() { } : new Cut(bodyBytes);
    }

    /** One response: its head, then {@code left} bytes of body, then the close. */
    static final class Cut implements Stage {
        private final ResponseHeadEnd head = new ResponseHeadEnd();
        private long left;
        private boolean closed;

        Cut(long bodyBytes) {
            this.left = bodyBytes;
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            if (closed) {
                return;
            }
            if (!head.done() && !head.passHead(bytes, atNanos, out)) {
                return;
            }
            if (bytes.remaining() > left) {
                bytes.limit(bytes.position() + (int) left);
            }
            left -= bytes.remaining();
            if (bytes.hasRemaining()) {
                out.data(bytes, atNanos);
            }
            if (left == 0) {
                closed = true;
                out.close(atNanos);
            }
        }
    }
}

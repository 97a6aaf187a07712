package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
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
 * Passes the response's head at once, then drips its body: {@code bytes} bytes every
 * {@code interval}. The client has its status and headers, and then waits on the body (its
 * read timeout, not its connect or first-byte timeout, is tested).
 */
public final class HttpDripBehavior implements Behavior {
    static final Option<Integer> BYTES = Option.integer("bytes", "bytes of the body sent at a time", 1, 1, 1 << 20);
    static final Option<Duration> INTERVAL = Option.duration("interval", "time between two drips, in seconds",
            Duration.ofMillis(500), ChronoUnit.SECONDS, Duration.ofHours(1));

    @Override
    public String name() {
        return "http_drip";
    }

    @Override
    public String description() {
        return "passes the response's head at once, then its body bytes bytes every interval seconds";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(BYTES, INTERVAL);
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
        int bytes = options.get(BYTES);
        long interval = options.get(INTERVAL).toNanos();
        return (StreamFault) context -> context.direction() == Direction.UPSTREAM ? new Stage() { } : new Drip(bytes, interval);
    }

    /** One response: its head at once, then the body in drips, each {@code interval} after the last. */
    static final class Drip implements Stage {
        private final ResponseHeadEnd head = new ResponseHeadEnd();
        private final int size;
        private final long interval;
        private long next = Long.MIN_VALUE;
        /** When the current drip leaves, and how many more bytes it may take. */
        private long last = Long.MIN_VALUE;
        private int room;

        Drip(int size, long interval) {
            this.size = size;
            this.interval = interval;
        }

        @Override
        public void onData(ByteBuffer bytes, long atNanos, Output out) {
            if (!head.done()) {
                if (!head.passHead(bytes, atNanos, out)) {
                    return;
                }
                next = atNanos + interval;
            }
            int limit = bytes.limit();
            while (bytes.hasRemaining()) {
                if (room == 0) {
                    last = next - atNanos > 0 ? next : atNanos;
                    next = last + interval;
                    room = size;
                }
                // a drip split between two reads is still one drip: its second part leaves with the first
                int n = Math.min(room, bytes.remaining());
                bytes.limit(bytes.position() + n);
                out.data(bytes, last - atNanos > 0 ? last : atNanos);
                bytes.position(bytes.limit()).limit(limit);
                room -= n;
            }
        }

        /** The backend's end of the body waits for the last drip. */
        @Override
        public void onEnd(long atNanos, Output out) {
            out.end(last - atNanos > 0 ? last : atNanos);
        }
    }
}

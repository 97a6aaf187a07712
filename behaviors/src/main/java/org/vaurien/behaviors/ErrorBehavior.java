package org.vaurien.behaviors;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;

/**
 * Answers with the protocol's own error (an HTTP 5xx, a Redis {@code -ERR}...; random bytes for
 * plain tcp) instead of the backend's response, after {@code warmup} exchanges that pass.
 */
public final class ErrorBehavior implements Behavior {
    static final Option<Boolean> INJECT = Option.bool("inject",
            "true: forward the request and splice random bytes into the response; false: replace the response", false);
    static final Option<Integer> WARMUP = Option.integer("warmup",
            "number of exchanges drawn for this behavior that pass before errors start", 0, 0, Integer.MAX_VALUE);

    @Override
    public String name() {
        return "error";
    }

    @Override
    public String description() {
        return "answers with the protocol's error (random bytes for tcp); the backend never sees the request";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(INJECT, WARMUP);
    }

    @Override
    public Fault configure(Options options) {
        return firstFailing(Long.MAX_VALUE, options);
    }

    /**
     * The error fault shared with {@code transient}: after the warm-up, the next
     * {@code failures} exchanges fail and the rest pass. Counted over the whole proxy, as the
     * original did, so reconnecting clients do not restart it.
     */
    static Fault firstFailing(long failures, Options options) {
        long warmup = options.get(WARMUP);
        Injection failure = options.get(INJECT) ? Injection.garble() : Injection.error();
        AtomicLong seen = new AtomicLong();
        return exchange -> {
            long n = seen.getAndIncrement();
            return n < warmup || n - warmup >= failures ? Injection.PASS : failure;
        };
    }
}

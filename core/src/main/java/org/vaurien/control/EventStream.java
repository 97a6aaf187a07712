package org.vaurien.control;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server-sent event stream of the API: each follower holds a control thread for as long as
 * it follows, so their number is bounded; past it, a 503 says so.
 */
abstract class EventStream {
    // two kinds of stream at 12 each leave 8 of the control server's 32 threads to the requests
    private static final int MAX_FOLLOWERS = 12;
    private final AtomicInteger followers = new AtomicInteger();
    private final String what;
    private volatile boolean closed;

    /** {@code what}: the stream's name in the busy answer ("fault streams"). */
    EventStream(String what) {
        this.what = what;
    }

    /** Streams until the client goes or the server closes; runs on a thread of the control server's own. */
    final void serve(HttpExchange x) throws IOException {
        if (followers.incrementAndGet() > MAX_FOLLOWERS) {
            followers.decrementAndGet();
            byte[] busy = ("{\"error\":\"too many " + what + " open\",\"status\":503}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", Answer.JSON);
            x.sendResponseHeaders(503, busy.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(busy);
            }
            return;
        }
        try {
            x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                follow(out);
            }
        } catch (IOException | InterruptedException gone) {
            // the client went away, or the server is closing
        } finally {
            followers.decrementAndGet();
        }
    }

    /** Writes events to {@code out} while {@link #open()}. */
    abstract void follow(OutputStream out) throws IOException, InterruptedException;

    final boolean open() {
        return !closed;
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void close() {
        closed = true;
    }
}

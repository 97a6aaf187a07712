package org.vaurien.control;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vaurien.FaultListener;
import org.vaurien.FaultRecord;
import org.vaurien.faults.FaultJson;

/**
 * {@code GET /faults}: every fault of every proxy as it is injected, as server-sent events
 * ({@code event: fault}, {@code data:} one fault record in JSON). A subscriber that reads too
 * slowly loses the oldest events, counted in a comment, rather than slowing the proxies: the
 * I/O threads only ever offer to a bounded queue.
 */
final class FaultStream {
    private static final int MAX_SUBSCRIBERS = 16;
    private static final int QUEUE = 10_000;
    private static final long HEARTBEAT_SECONDS = 15;

    private final ProxyManager manager;
    private final AtomicInteger subscribers = new AtomicInteger();
    private volatile boolean closed;

    FaultStream(ProxyManager manager) {
        this.manager = manager;
    }

    /** Streams until the client goes or the server closes; runs on a thread of the control server's own. */
    void serve(HttpExchange x) throws IOException {
        if (subscribers.incrementAndGet() > MAX_SUBSCRIBERS) {
            subscribers.decrementAndGet();
            byte[] busy = "{\"error\":\"too many fault streams open\",\"status\":503}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", Answer.JSON);
            x.sendResponseHeaders(503, busy.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(busy);
            }
            return;
        }
        BlockingQueue<FaultRecord> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicLong dropped = new AtomicLong();
        FaultListener listener = f -> {
            if (!queue.offer(f)) {
                dropped.incrementAndGet();
            }
        };
        manager.addFaultListener(listener);
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            write(out, ": the faults of every proxy, as they are injected\n\n");
            while (!closed) {
                FaultRecord f = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    write(out, ": " + lost + " faults dropped: this client reads too slowly\n\n");
                }
                if (f == null) {
                    write(out, ":\n\n");
                }
                for (; f != null; f = queue.poll()) {
                    write(out, "event: fault\ndata: " + FaultJson.line(f) + "\n\n");
                }
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the client went away, or the server is closing
        } finally {
            manager.removeFaultListener(listener);
            subscribers.decrementAndGet();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    void close() {
        closed = true;
    }
}

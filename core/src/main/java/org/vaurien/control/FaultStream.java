package org.vaurien.control;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vaurien.FaultListener;
import org.vaurien.FaultRecord;
import org.vaurien.faults.FaultJson;

/**
 * {@code GET /faults}: every fault of every proxy as it is injected, as server-sent events
 * ({@code event: fault}, {@code data:} one fault record in JSON). A subscriber that reads too
 * slowly loses the oldest events, counted in a comment, rather than slowing the proxies: the
 * I/O threads only ever offer to a bounded queue. Under load the faults go out in batches, ten
 * a second at most.
 */
final class FaultStream extends EventStream {
    private static final int QUEUE = 10_000;
    private static final long HEARTBEAT_SECONDS = 15;
    /** Faults are sent in batches at most this often: one write and one wake-up for many faults under load. */
    private static final long BATCH_MS = 100;

    private final ProxyManager manager;

    FaultStream(ProxyManager manager) {
        super("fault streams");
        this.manager = manager;
    }

    @Override
    void follow(OutputStream out) throws IOException, InterruptedException {
        BlockingQueue<FaultRecord> queue = new ArrayBlockingQueue<>(QUEUE);
        AtomicLong dropped = new AtomicLong();
        FaultListener listener = f -> {
            if (!queue.offer(f)) {
                dropped.incrementAndGet();
            }
        };
        manager.addFaultListener(listener);
        try {
            write(out, ": the faults of every proxy, as they are injected\n\n");
            out.flush();
            while (open()) {
                FaultRecord f = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    write(out, ": " + lost + " faults dropped: this client reads too slowly\n\n");
                }
                if (f == null) {
                    write(out, ":\n\n");
                }
                StringBuilder batch = new StringBuilder();
                for (; f != null; f = queue.poll()) {
                    batch.append("event: fault\ndata: ").append(FaultJson.line(f)).append("\n\n");
                }
                write(out, batch.toString());
                out.flush();
                Thread.sleep(BATCH_MS);
            }
        } finally {
            manager.removeFaultListener(listener);
        }
    }
}

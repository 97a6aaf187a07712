package org.vaurien.engine;

import java.nio.ByteBuffer;
import java.util.List;
import org.vaurien.spi.Stage;

/**
 * The stream stages of one direction, in their declared order, ending at the socket's
 * {@link Outbound} or at another chain (an exchange's stages feed the connection's). Stages
 * compute when their output may leave; nothing here waits.
 */
final class StageChain implements Sink {
    private final Link first;
    private final Sink sink;
    private final Connection conn;
    /** False once the chain was replaced: the cuts and resets its stages scheduled do not happen. */
    private boolean active = true;

    /** One stage and where its output goes. */
    private final class Link implements Stage.Output {
        final Stage stage;
        Link next;
        boolean active = true;

        Link(Stage stage) {
            this.stage = stage;
        }

        @Override
        public void data(ByteBuffer bytes, long atNanos) {
            if (conn.isClosed()) {
                return;
            }
            Link to = next;
            while (to != null && !to.active) {
                to = to.next;
            }
            if (to == null) {
                sink.send(bytes, bytes.position(), bytes.limit(), atNanos, false);
            } else {
                to.stage.onData(bytes, atNanos, to);
            }
        }

        @Override
        public void end(long atNanos) {
            Link to = next;
            while (to != null && !to.active) {
                to = to.next;
            }
            if (to == null) {
                sink.shutdownAfter(atNanos);
            } else {
                to.stage.onEnd(atNanos, to);
            }
        }

        @Override
        public void close(long atNanos) {
            sink.closeAfter(atNanos);
        }

        @Override
        public void cut(long atNanos) {
            conn.closeAt(atNanos, StageChain.this, false);
        }

        @Override
        public void reset(long atNanos) {
            conn.closeAt(atNanos, StageChain.this, true);
        }
    }

    private final Link entry = new Link(null);

    StageChain(Connection conn, Sink sink, List<Stage> stages) {
        this.conn = conn;
        this.sink = sink;
        Link previous = entry;
        for (Stage s : stages) {
            Link link = new Link(s);
            previous.next = link;
            previous = link;
        }
        this.first = entry.next;
    }

    /** Lets each stage set its timers; called once the chain is in place. */
    void start(long now) {
        for (Link l = first; l != null; l = l.next) {
            l.stage.onStart(now, l);
        }
    }

    @Override
    public void send(ByteBuffer b, int from, int to, long due, boolean takeable) {
        int position = b.position();
        int limit = b.limit();
        b.limit(to).position(from);
        entry.data(b, due);
        b.limit(limit);
        b.position(position);
    }

    @Override
    public void shutdownAfter(long at) {
        entry.end(at);
    }

    @Override
    public void closeAfter(long at) {
        sink.closeAfter(at);
    }

    boolean isEmpty() {
        return first == null;
    }

    void retire() {
        active = false;
    }

    boolean isActive() {
        return active;
    }
}

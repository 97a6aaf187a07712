package org.vaurien.engine;

/**
 * Closes a connection that neither read nor wrote for the proxy's idle timeout: a connection
 * that moves, however slowly, is not idle, nor one holding bytes for their time.
 */
final class IdleWatch {
    private final Connection conn;
    private final EventLoop loop;
    private final long idleNanos;
    private final String timeoutText;
    /** The last read or write on either socket. */
    private long lastActivity;
    private EventLoop.Timer timer;

    IdleWatch(Connection conn, EventLoop loop, long idleNanos, String timeoutText) {
        this.conn = conn;
        this.loop = loop;
        this.idleNanos = idleNanos;
        this.timeoutText = timeoutText;
    }

    /** A read or a write moved bytes. */
    void moved() {
        lastActivity = loop.now();
    }

    /** Watches from now on (no timeout: never). */
    void start() {
        moved();
        if (idleNanos > 0) {
            timer = loop.schedule(lastActivity + idleNanos, this::check);
        }
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void check() {
        if (conn.isClosed()) {
            return;
        }
        if (loop.now() - lastActivity >= idleNanos) {
            // a slow reader drains the kernel's buffer without waking us (it wakes writers only
            // once a good part of it is free): a write tried now tells whether the stream moves
            conn.toClient().flush();
            conn.toBackend().flush();
        }
        if (conn.isClosed()) {
            return;
        }
        if (loop.now() - lastActivity >= idleNanos && !conn.toClient().holdsForLater() && !conn.toBackend().holdsForLater()) {
            conn.close("idle for " + timeoutText, false);
        } else {
            timer = loop.schedule(lastActivity + idleNanos, this::check);
        }
    }
}

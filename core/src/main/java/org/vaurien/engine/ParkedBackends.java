package org.vaurien.engine;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backend connections kept for the next client ({@code reuse_socket}), one queue per event
 * loop, each touched only by its loop. A parked connection that the backend closes or speaks on
 * is dropped: it could not serve a new client cleanly.
 */
final class ParkedBackends {
    private static final int MAX_PER_LOOP = 64;

    private final Map<EventLoop, ArrayDeque<SocketChannel>> parked = new ConcurrentHashMap<>();
    /** Parked channels per loop, readable from the accepting thread. */
    private final Map<EventLoop, AtomicInteger> counts = new ConcurrentHashMap<>();

    /**
     * Loop thread only: keeps an idle, connected backend channel (its key, still registered
     * with the loop, is re-attached), or closes it when the queue is full.
     */
    void park(EventLoop loop, SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        ArrayDeque<SocketChannel> queue = parked.computeIfAbsent(loop, l -> new ArrayDeque<>());
        if (queue.size() >= MAX_PER_LOOP || !key.isValid()) {
            close(channel);
            return;
        }
        key.attach((EventLoop.Handler) k -> {
            if (queue.remove(channel)) {
                count(loop).decrementAndGet();
            }
            close(channel);
        });
        key.interestOps(SelectionKey.OP_READ);
        queue.addLast(channel);
        count(loop).incrementAndGet();
    }

    /** Loop thread only: a parked channel of this loop, still open, or null. */
    SocketChannel take(EventLoop loop) {
        ArrayDeque<SocketChannel> queue = parked.get(loop);
        SocketChannel c;
        while (queue != null && (c = queue.pollFirst()) != null) {
            count(loop).decrementAndGet();
            if (c.isOpen()) {
                return c;
            }
        }
        return null;
    }

    /** A loop that has a parked channel, for the next client; null when none has. */
    EventLoop loopWithIdle() {
        if (counts.isEmpty()) {
            return null;
        }
        for (Map.Entry<EventLoop, AtomicInteger> e : counts.entrySet()) {
            if (e.getValue().get() > 0) {
                return e.getKey();
            }
        }
        return null;
    }

    private AtomicInteger count(EventLoop loop) {
        return counts.computeIfAbsent(loop, l -> new AtomicInteger());
    }

    /** Closes every parked channel, each on its own loop. */
    void closeAll() {
        parked.forEach((loop, queue) -> loop.execute(() -> {
            SocketChannel c;
            while ((c = queue.pollFirst()) != null) {
                count(loop).decrementAndGet();
                close(c);
            }
        }));
    }

    private static void close(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // it was going away anyway
        }
    }
}

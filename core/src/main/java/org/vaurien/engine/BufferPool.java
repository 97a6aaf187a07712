package org.vaurien.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of {@link EventLoop#READ_SIZE} for one loop (no locking: loop thread only).
 * Only connections that have unsent bulk data hold one, so idle connections cost no buffer.
 */
final class BufferPool {
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final int maxFree;

    BufferPool(int maxFree) {
        this.maxFree = maxFree;
    }

    ByteBuffer take() {
        ByteBuffer b = free.pollFirst();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(EventLoop.READ_SIZE);
    }

    void give(ByteBuffer b) {
        if (b.isDirect() && b.capacity() == EventLoop.READ_SIZE && free.size() < maxFree) {
            free.addFirst(b);
        }
    }
}

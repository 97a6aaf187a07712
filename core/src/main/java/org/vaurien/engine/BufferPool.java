package org.vaurien.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for one loop (no locking: loop thread only), in three sizes: 4 KB, 16 KB and
 * {@link EventLoop#READ_SIZE}. What a connection holds (a tail the socket refused, bytes a
 * latency keeps until they are due) lives in the smallest that fits, so memory follows the bytes
 * held and a held chunk allocates nothing once the pool is warm. Idle connections hold none.
 */
final class BufferPool {
    private static final int[] SIZES = {4096, 16384, EventLoop.READ_SIZE};
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[SIZES.length];
    private final int[] maxFree = new int[SIZES.length];

    /** Keeps up to {@code bytesPerSize} of free buffers of each size for reuse; the rest go to the collector. */
    BufferPool(int bytesPerSize) {
        for (int i = 0; i < SIZES.length; i++) {
            free[i] = new ArrayDeque<>();
            maxFree[i] = Math.max(1, bytesPerSize / SIZES[i]);
        }
    }

    /** Whether {@link #take(int)} has a buffer that large. */
    static boolean fits(int size) {
        return size <= EventLoop.READ_SIZE;
    }

    /** A cleared buffer of {@link EventLoop#READ_SIZE}. */
    ByteBuffer take() {
        return take(EventLoop.READ_SIZE);
    }

    /** A cleared buffer of the smallest size that holds {@code size} bytes (at most READ_SIZE). */
    ByteBuffer take(int size) {
        int i = 0;
        while (SIZES[i] < size) {
            i++;
        }
        ByteBuffer b = free[i].pollFirst();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(SIZES[i]);
    }

    void give(ByteBuffer b) {
        if (!b.isDirect()) {
            return;
        }
        for (int i = 0; i < SIZES.length; i++) {
            if (b.capacity() == SIZES[i]) {
                if (free[i].size() < maxFree[i]) {
                    free[i].addFirst(b);
                }
                return;
            }
        }
    }
}

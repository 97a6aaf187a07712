package org.vaurien.spi;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * Shapes the bytes of one direction of one connection: a link in the chain that a
 * {@link StreamFault} adds. Times are {@link System#nanoTime()} values; a stage never sleeps nor
 * reads a clock, it says when its output may leave and the engine keeps the order and does the
 * waiting (so a stage can be tested with made-up times). Called only from the connection's I/O
 * thread.
 */
public interface Stage {
    /** Called once when the stage starts acting on its direction, before any data. */
    default void onStart(long nowNanos, Output out) {
    }

    /**
     * Bytes that may leave at {@code atNanos} at the earliest enter this stage; pass them on
     * (changed in place, split, later) or not at all. {@code bytes} is only valid during the
     * call. By default they pass as they are.
     */
    default void onData(ByteBuffer bytes, long atNanos, Output out) {
        out.data(bytes, atNanos);
    }

    /** The source shut its output at {@code atNanos}; by default the end is passed on at once. */
    default void onEnd(long atNanos, Output out) {
        out.end(atNanos);
    }

    /** Where a stage sends its output: the next stage, or the socket. */
    interface Output {
        /** Never: bytes sent at this time are held until the stage is removed. */
        long NEVER = Long.MAX_VALUE;

        /** Bytes to send no earlier than {@code atNanos}; the engine copies what it must keep. */
        void data(ByteBuffer bytes, long atNanos);

        /** Shut this direction down (half-close) no earlier than {@code atNanos}, after the data. */
        void end(long atNanos);

        /** Close the whole connection once the data passed before has been sent. */
        void close(long atNanos);

        /** Close the whole connection at {@code atNanos}, whatever is still queued. */
        void cut(long atNanos);

        /** Reset the whole connection (a TCP RST to both sides) at {@code atNanos}, whatever is queued. */
        void reset(long atNanos);
    }

    /** What a stage may know of where it runs. */
    interface Context {
        Direction direction();

        /** A generator of this stage's own, seeded from {@code --seed} when one is given. */
        RandomGenerator random();

        /** The options of the behavior that made this stage. */
        Options options();
    }
}

package org.vaurien.engine;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;
import org.vaurien.spi.Stage;

/** Splices random bytes into the middle of the first bytes of a message (the {@code Garble} effect). */
final class GarbleStage implements Stage {
    private final int bytes;
    private final RandomGenerator random;
    private boolean done;

    GarbleStage(int bytes, RandomGenerator random) {
        this.bytes = bytes;
        this.random = random;
    }

    @Override
    public void onData(ByteBuffer data, long atNanos, Output out) {
        if (done) {
            out.data(data, atNanos);
            return;
        }
        done = true;
        int limit = data.limit();
        int middle = data.position() + data.remaining() / 2;
        data.limit(middle);
        out.data(data, atNanos);
        byte[] noise = new byte[bytes];
        random.nextBytes(noise);
        out.data(ByteBuffer.wrap(noise), atNanos);
        data.limit(limit).position(middle);
        out.data(data, atNanos);
    }
}

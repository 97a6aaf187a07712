package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vaurien.config.Registry;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Options;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * A stage of a built-in behavior, run without sockets or clock: times are made up by the test,
 * and what the stage lets out (bytes and their times, ends, closes, cuts, resets) is written down.
 */
final class StageRecorder implements Stage.Output {
    /** Bytes let out, and the earliest time they may leave. */
    record Data(byte[] bytes, long at) {
    }

    final List<Data> data = new ArrayList<>();
    final List<Long> ends = new ArrayList<>();
    final List<Long> closes = new ArrayList<>();
    final List<Long> cuts = new ArrayList<>();
    final List<Long> resets = new ArrayList<>();
    final Stage stage;

    private StageRecorder(Stage stage) {
        this.stage = stage;
    }

    /** A new stage of {@code behavior} with these options, on the downstream, seeded with {@code seed}. */
    static StageRecorder of(String behavior, Map<String, String> options, long seed) {
        Registry registry = TestProxy.registry();
        Behavior b = registry.behavior(behavior);
        Options o = registry.behaviorOptions(behavior, options);
        RandomGenerator random = new SplittableRandom(seed);
        Stage s = ((StreamFault) b.configure(o)).stage(new Stage.Context() {
            @Override
            public Direction direction() {
                return Direction.DOWNSTREAM;
            }

            @Override
            public RandomGenerator random() {
                return random;
            }

            @Override
            public Options options() {
                return o;
            }
        });
        return new StageRecorder(s);
    }

    StageRecorder start(long now) {
        stage.onStart(now, this);
        return this;
    }

    StageRecorder feed(byte[] bytes, long at) {
        stage.onData(ByteBuffer.wrap(bytes), at, this);
        return this;
    }

    StageRecorder finish(long at) {
        stage.onEnd(at, this);
        return this;
    }

    long bytesOut() {
        return data.stream().mapToLong(d -> d.bytes.length).sum();
    }

    @Override
    public void data(ByteBuffer bytes, long atNanos) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        data.add(new Data(copy, atNanos));
    }

    @Override
    public void end(long atNanos) {
        ends.add(atNanos);
    }

    @Override
    public void close(long atNanos) {
        closes.add(atNanos);
    }

    @Override
    public void cut(long atNanos) {
        cuts.add(atNanos);
    }

    @Override
    public void reset(long atNanos) {
        resets.add(atNanos);
    }
}

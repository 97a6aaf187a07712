package org.vaurien.behaviors;

import java.nio.ByteBuffer;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/** Passes exactly {@code bytes} bytes in its direction, the last chunk cut, then closes the connection. */
public final class LimitDataBehavior implements Behavior {
    static final Option<Long> BYTES = Option.count("bytes", "bytes passed before the connection is closed", 1024, 0, Long.MAX_VALUE);

    @Override
    public String name() {
        return "limit_data";
    }

    @Override
    public String description() {
        return "closes the connection after bytes bytes in its direction";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(BYTES, CommonOptions.DIRECTION);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long limit = options.get(BYTES);
        return (StreamFault) context -> new Stage() {
            private long passed;

            @Override
            public void onData(ByteBuffer bytes, long atNanos, Output out) {
                long left = limit - passed;
                if (left <= 0) {
                    if (limit == 0 && passed == 0) {
                        passed = -1;
                        out.close(atNanos);
                    }
                    return;
                }
                if (bytes.remaining() > left) {
                    bytes.limit(bytes.position() + (int) left);
                }
                passed += bytes.remaining();
                out.data(bytes, atNanos);
                if (passed >= limit) {
                    out.close(atNanos);
                }
            }
        };
    }
}

package org.vaurien.engine;

import java.nio.ByteBuffer;
import org.vaurien.spi.Stage;

/** One direction's current message, as the exchange handler routes it (a {@link Flow}, or a fake in tests). */
interface Route {
    /** Whether a message is being passed: the proxy's own bytes must wait for its end. */
    boolean inMessage();

    /** The current message is not forwarded. */
    void drop();

    /** The current message is held until {@code dueNanos}; the messages after it wait behind it. */
    void holdUntil(long dueNanos);

    /** The current message's bytes go through this stage of their own, until its end. */
    void shape(Stage stage);

    /** Everything from now on is swallowed (what was forwarded before still goes). */
    void mute();

    /** The proxy's own bytes, in order after what was forwarded. */
    void send(ByteBuffer own);
}

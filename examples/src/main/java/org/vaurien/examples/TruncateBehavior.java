package org.vaurien.examples;

import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;

/**
 * A user's own behavior built on an effect: the response of each exchange it is drawn for is cut
 * after {@code bytes} bytes and the connection closed, as a server that crashes mid-answer
 * would. Registered in META-INF/services/org.vaurien.spi.Behavior.
 */
public final class TruncateBehavior implements Behavior {
    static final Option<Long> BYTES = Option.count("bytes", "bytes of the response that pass before the cut", 16,
            0, Long.MAX_VALUE);

    @Override
    public String name() {
        return "truncate";
    }

    @Override
    public String description() {
        return "cuts the response after bytes bytes and closes the connection";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(BYTES);
    }

    @Override
    public Fault configure(Options options) {
        Injection cut = Injection.at(Phase.RESPONSE, new Effect.Truncate(options.get(BYTES)));
        return exchange -> cut;
    }
}

package org.vaurien.behaviors;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Scope;

/**
 * Agent only: the connect never completes, so the application's own connect timeout fires, or
 * {@code timeout} when it has none (SocketTimeoutException, as the JDK throws it).
 */
public final class ConnectTimeoutBehavior implements Behavior {
    static final Option<Duration> TIMEOUT = Option.duration("timeout", "connect timeout in ms when the application sets none",
            Duration.ofSeconds(10), ChronoUnit.MILLIS, Duration.ofMillis(1), Duration.ofHours(1));

    @Override
    public String name() {
        return "connect_timeout";
    }

    @Override
    public String description() {
        return "(agent) the connect never completes; the application's own connect timeout fires (or this one)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(TIMEOUT);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        return new ConnectOnly(Injection.at(Phase.CONNECT, new Effect.Stall(options.get(TIMEOUT))));
    }
}

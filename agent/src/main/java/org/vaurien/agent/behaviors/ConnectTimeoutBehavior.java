package org.vaurien.agent.behaviors;

import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.agent.ConnectFault;

/**
 * Agent only: the connect never completes, so the application's own connect timeout fires, or
 * {@code timeout} when it has none (SocketTimeoutException, as the JDK throws it).
 */
public final class ConnectTimeoutBehavior implements Behavior {
    static final Option<Integer> TIMEOUT = Option.integer("timeout",
            "connect timeout in ms when the application sets none", 10000, 1, 3_600_000);

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
        long millis = options.get(TIMEOUT);
        return new ConnectFault() {
            @Override
            public Kind kind() {
                return Kind.TIMEOUT;
            }

            @Override
            public long millis() {
                return millis;
            }
        };
    }
}

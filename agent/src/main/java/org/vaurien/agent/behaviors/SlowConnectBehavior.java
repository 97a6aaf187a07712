package org.vaurien.agent.behaviors;

import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.agent.ConnectFault;

/** Agent only: holds the connect delay ms before it completes. */
public final class SlowConnectBehavior implements Behavior {
    static final Option<Integer> DELAY = Option.integer("delay", "ms before the connect completes", 1000, 0, 3_600_000);

    @Override
    public String name() {
        return "slow_connect";
    }

    @Override
    public String description() {
        return "(agent) holds the connect delay ms before it completes";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(DELAY);
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        long millis = options.get(DELAY);
        return new ConnectFault() {
            @Override
            public Kind kind() {
                return Kind.SLOW;
            }

            @Override
            public long millis() {
                return millis;
            }
        };
    }
}

package org.vaurien.agent.behaviors;

import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.agent.ConnectFault;

/** Agent only: fails the connect as an unknown host does: UnknownHostException (UnresolvedAddressException with NIO). */
public final class UnknownHostBehavior implements Behavior {
    @Override
    public String name() {
        return "unknown_host";
    }

    @Override
    public String description() {
        return "(agent) fails the connect as an unknown host does: UnknownHostException (UnresolvedAddressException with NIO)";
    }

    @Override
    public Scope defaultScope() {
        return Scope.CONNECTION;
    }

    @Override
    public Fault configure(Options options) {
        return new ConnectFault() {
            @Override
            public Kind kind() {
                return Kind.UNKNOWN_HOST;
            }

            @Override
            public long millis() {
                return 0;
            }
        };
    }
}

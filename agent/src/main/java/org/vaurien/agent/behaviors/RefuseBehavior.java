package org.vaurien.agent.behaviors;

import org.vaurien.Behavior;
import org.vaurien.Fault;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.agent.ConnectFault;

/** Agent only: refuses the connect, as a closed port does: the application gets ConnectException (Connection refused). */
public final class RefuseBehavior implements Behavior {
    @Override
    public String name() {
        return "refuse";
    }

    @Override
    public String description() {
        return "(agent) refuses the connect, as a closed port does: the application gets ConnectException (Connection refused)";
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
                return Kind.REFUSE;
            }

            @Override
            public long millis() {
                return 0;
            }
        };
    }
}

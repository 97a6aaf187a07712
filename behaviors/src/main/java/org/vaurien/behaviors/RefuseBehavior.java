package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;

/** Agent only: refuses the connect, as a closed port does: ConnectException (Connection refused). */
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
        return new ConnectOnly(Injection.refuse());
    }
}

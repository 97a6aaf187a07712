package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;

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
        return new ConnectOnly(Injection.unknownHost());
    }
}

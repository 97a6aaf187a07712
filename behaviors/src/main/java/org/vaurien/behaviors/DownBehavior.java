package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.ListenerFault;
import org.vaurien.spi.Options;

/**
 * The proxy is down: in the stack, it stops listening (new clients get "connection refused") and
 * its open connections are closed; drawn from the mix, the exchange's connection is closed.
 */
public final class DownBehavior implements Behavior {
    @Override
    public String name() {
        return "down";
    }

    @Override
    public String description() {
        return "the proxy stops listening and closes its connections (refused connections)";
    }

    @Override
    public Fault configure(Options options) {
        return (ListenerFault) exchange -> Injection.blackout();
    }
}

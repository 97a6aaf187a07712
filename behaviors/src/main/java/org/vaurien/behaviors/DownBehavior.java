package org.vaurien.behaviors;

import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.ListenerFault;
import org.vaurien.Options;

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
        return (ListenerFault) exchange -> Effect.blackout();
    }
}

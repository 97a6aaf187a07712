package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Options;

/** Closes the client's connection as soon as it sends a request; the backend never sees it. */
public final class BlackoutBehavior implements Behavior {
    @Override
    public String name() {
        return "blackout";
    }

    @Override
    public String description() {
        return "closes the client's connection as soon as it sends a request; the backend never sees it";
    }

    @Override
    public Fault configure(Options options) {
        return exchange -> Injection.blackout();
    }
}

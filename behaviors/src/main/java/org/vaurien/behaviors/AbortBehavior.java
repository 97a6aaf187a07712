package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Options;

/** Forwards the request, then cuts both sides before any response. */
public final class AbortBehavior implements Behavior {
    @Override
    public String name() {
        return "abort";
    }

    @Override
    public String description() {
        return "forwards the request, then cuts both sides before any response";
    }

    @Override
    public Fault configure(Options options) {
        return exchange -> Injection.abort();
    }
}

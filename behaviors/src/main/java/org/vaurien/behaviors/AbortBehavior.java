package org.vaurien.behaviors;

import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.Options;

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
        return exchange -> Effect.abort();
    }
}

package org.vaurien.behaviors;

import org.vaurien.Behavior;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.Options;

/** Passes everything: the share of the mix that no other behavior takes. */
public final class DummyBehavior implements Behavior {
    @Override
    public String name() {
        return "dummy";
    }

    @Override
    public String description() {
        return "passes everything untouched";
    }

    @Override
    public Fault configure(Options options) {
        return exchange -> Effect.pass();
    }
}

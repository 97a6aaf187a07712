package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Options;

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
    public boolean passesEverything() {
        return true;
    }

    @Override
    public Fault configure(Options options) {
        return exchange -> Injection.PASS;
    }
}

package org.vaurien.behaviors;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Options;

/** Swallows the request and never answers; the connection stays open until the client gives up. */
public final class HangBehavior implements Behavior {
    @Override
    public String name() {
        return "hang";
    }

    @Override
    public String description() {
        return "swallows the request and never answers; the connection stays open until the client gives up";
    }

    @Override
    public Fault configure(Options options) {
        return exchange -> Injection.hang();
    }
}

package org.vaurien.engine;

import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Directions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.ListenerFault;
import org.vaurien.spi.Options;
import org.vaurien.spi.Scope;
import org.vaurien.spi.StreamFault;

/** A behavior with its options checked and its fault made: one entry of a plan. */
public final class ConfiguredBehavior {
    private final String name;
    private final Behavior behavior;
    private final Options options;
    private final Fault fault;
    private final double toxicity;
    private final Scope scope;
    private final Directions directions;

    ConfiguredBehavior(String name, Behavior behavior, Options options) {
        this.name = name;
        this.behavior = behavior;
        this.options = options;
        this.fault = behavior.configure(options);
        this.toxicity = options.get(CommonOptions.TOXICITY);
        this.scope = CommonOptions.scopeOf(options);
        this.directions = CommonOptions.directionsOf(options);
    }

    public String name() {
        return name;
    }

    public Behavior behavior() {
        return behavior;
    }

    public Options options() {
        return options;
    }

    public Fault fault() {
        return fault;
    }

    public double toxicity() {
        return toxicity;
    }

    Scope scope() {
        return scope;
    }

    boolean isStream() {
        return fault instanceof StreamFault;
    }

    /** A stream behavior drawn once per connection and kept: it shapes the connection from its first byte. */
    boolean isConnectionStream() {
        return isStream() && scope == Scope.CONNECTION;
    }

    /** Whether it takes the listener down while it is in the stack ({@code down}). */
    boolean refusesConnections() {
        return fault instanceof ListenerFault;
    }

    /** The directions it acts on: its direction option, both ways when it declares none. */
    public Directions directions() {
        return directions;
    }

    @Override
    public String toString() {
        return name + " " + options.text();
    }
}

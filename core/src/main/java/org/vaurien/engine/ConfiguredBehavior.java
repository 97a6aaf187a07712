package org.vaurien.engine;

import org.vaurien.Behavior;
import org.vaurien.CommonOptions;
import org.vaurien.Fault;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.StreamFault;

/** A behavior with its options checked and its fault made: one entry of a plan. */
public final class ConfiguredBehavior {
    private final String name;
    private final Behavior behavior;
    private final Options options;
    private final Fault fault;
    private final double toxicity;
    private final Scope scope;

    ConfiguredBehavior(String name, Behavior behavior, Options options) {
        this.name = name;
        this.behavior = behavior;
        this.options = options;
        this.fault = behavior.configure(options);
        this.toxicity = options.get(CommonOptions.TOXICITY);
        this.scope = "connection".equals(options.get("scope")) ? Scope.CONNECTION : Scope.EXCHANGE;
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

    /** The direction option of a stream behavior, "both" when it declares none. */
    String direction() {
        Object d = options.get(CommonOptions.DIRECTION.name());
        return d == null ? "both" : (String) d;
    }

    @Override
    public String toString() {
        return name + " " + options.text();
    }
}

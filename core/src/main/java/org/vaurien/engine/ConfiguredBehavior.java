package org.vaurien.engine;

import org.vaurien.spi.Behavior;
import java.util.concurrent.atomic.AtomicLong;
import org.vaurien.BadInputException;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.CountPer;
import org.vaurien.spi.Directions;
import org.vaurien.spi.Fault;
import org.vaurien.spi.ListenerFault;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;
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
    private final long first;
    private final long every;
    private final long after;
    private final boolean perConnection;
    /** The requests it may act on; null for every one. */
    private final Matcher matcher;
    private volatile Matcher resolved;
    /** The proxy's counts of the occasions to act: exchanges, and connections. */
    private final AtomicLong exchangesCounted = new AtomicLong();
    private final AtomicLong connectionsCounted = new AtomicLong();

    ConfiguredBehavior(String name, Behavior behavior, Options options) {
        this.name = name;
        this.behavior = behavior;
        this.options = options;
        this.fault = behavior.configure(options);
        this.toxicity = options.get(CommonOptions.TOXICITY);
        this.scope = CommonOptions.scopeOf(options);
        this.directions = CommonOptions.directionsOf(options);
        this.first = options.get(CommonOptions.FIRST);
        this.every = options.get(CommonOptions.EVERY);
        this.after = options.get(CommonOptions.AFTER);
        this.perConnection = options.get(CommonOptions.COUNT_PER) == CountPer.CONNECTION;
        try {
            this.matcher = Matcher.parse(options.get(CommonOptions.MATCH));
        } catch (BadInputException e) {
            throw new BadInputException("behavior '" + name + "', option 'match': " + e.getMessage());
        }
    }

    /** Its {@code match}; null when it may act on every request. */
    Matcher matcher() {
        Matcher named = resolved;
        return named != null ? named : matcher;
    }

    /** Its {@code match} in its plan's protocol's fields (the short form named): set by the plan. */
    void resolveMatcher(Protocol protocol) {
        if (matcher != null) {
            Matcher named;
            try {
                named = matcher.forProtocol(protocol);
            } catch (BadInputException e) {
                throw new BadInputException("behavior '" + name + "', option 'match': " + e.getMessage());
            }
            named.checkFor(protocol, name);
            resolved = named;
        }
    }

    /** Whether first, every or after limit it. */
    public boolean counts() {
        return first > 0 || every > 1 || after > 1;
    }

    /** Whether its exchanges are counted on each connection rather than on the proxy. */
    boolean countsPerConnection() {
        return perConnection;
    }

    /** The proxy's next exchange it would act on, counted: whether it acts on it. */
    boolean nextExchange() {
        return lets(exchangesCounted.incrementAndGet());
    }

    /** The proxy's next connection it would act on (a connect, a connection-wide fault), counted: whether it acts. */
    public boolean nextConnection() {
        return lets(connectionsCounted.incrementAndGet());
    }

    /** Whether its counters let it act on the {@code n}th occasion (1 for the first). */
    boolean lets(long n) {
        return (first == 0 || n <= first) && (every <= 1 || n % every == 0) && (after <= 1 || n >= after);
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

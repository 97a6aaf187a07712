package org.vaurien.spi;

import java.util.Set;

/**
 * A kind of fault, found with {@link java.util.ServiceLoader} and looked up by {@link #name()}.
 * A user's own behavior is a class on the class path plus a line in
 * {@code META-INF/services/org.vaurien.spi.Behavior}, exactly like the built-in ones.
 */
public interface Behavior extends Plugin {
    /**
     * The fault these options describe. Called each time the behavior is set up (start, config
     * change); the result is shared by every connection of the proxy, so per-proxy counters
     * (a warm-up, say) live in it and per-connection state comes from {@link StreamFault}.
     */
    Fault configure(Options options);

    /** Whether a draw of this behavior holds for one exchange or for the whole connection. */
    default Scope defaultScope() {
        return Scope.EXCHANGE;
    }

    /**
     * The protocols whose exchanges it understands (an HTTP status: {@code http}); empty, the
     * default, for a behavior that works with every protocol. A proxy of another protocol
     * refuses it when configured.
     */
    default Set<String> protocols() {
        return Set.of();
    }

    /**
     * Whether, as a {@link StreamFault}, it shapes one exchange's bytes only (an HTTP response
     * cut after its body's first bytes): then it is drawn per exchange, in the mix, and refused
     * in the stack or with {@code scope = connection}, where it would shape whole connections.
     */
    default boolean shapesOneExchange() {
        return false;
    }

    /**
     * True for the behavior that passes everything ({@code dummy}): the share of a mix that no
     * other behavior takes is shown under its name ({@code 100:dummy}).
     */
    default boolean passesEverything() {
        return false;
    }
}

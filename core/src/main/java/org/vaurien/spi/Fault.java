package org.vaurien.spi;

/**
 * A configured behavior: decides what happens to each exchange it is drawn for, and to each
 * connection. Called on I/O threads: return at once (a fault that waits returns a
 * {@link Effect.Delay}; it never sleeps).
 */
@FunctionalInterface
public interface Fault {
    /** The exchange whose request just started: an injection at {@link Phase#REQUEST} or {@link Phase#RESPONSE}. */
    Injection onExchange(Exchange exchange);

    /**
     * A connection: at {@link Phase#CONNECT} (the application's connect, in the agent, for a
     * behavior drawn from the mix) or at {@link Phase#OPEN} (a client accepted, for the stack's
     * behaviors, before the backend is dialled). Passes by default.
     */
    default Injection onConnect(Connect connect) {
        return Injection.PASS;
    }
}

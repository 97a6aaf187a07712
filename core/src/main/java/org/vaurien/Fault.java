package org.vaurien;

/** A configured behavior: decides what happens to each exchange it is drawn for. */
@FunctionalInterface
public interface Fault {
    /**
     * Called when the first byte of a request arrives, on the connection's I/O thread: return at
     * once (a fault that waits returns {@link Effect#delayRequest}, it never sleeps).
     */
    Effect onExchange(Exchange exchange);
}

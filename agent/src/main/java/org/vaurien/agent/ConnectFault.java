package org.vaurien.agent;

import org.vaurien.Effect;
import org.vaurien.Exchange;
import org.vaurien.Fault;

/**
 * Opt-in for a fault that acts when the application connects (agent only): the connect is sent
 * where the JDK itself fails it the way asked, so the application gets the JDK's own exception.
 * Drawn from a target's mix at each connect; at exchanges it passes.
 */
public interface ConnectFault extends Fault {
    /** What happens to the connect. */
    enum Kind {
        /** To a loopback port nothing listens on: ConnectException "Connection refused". */
        REFUSE,
        /** To a listener whose queue is full: the application's own connect timeout fires. */
        TIMEOUT,
        /** To an unresolved address: UnknownHostException (UnresolvedAddressException for NIO). */
        UNKNOWN_HOST,
        /** Held {@link #millis()} before it goes on to the target. */
        SLOW
    }

    Kind kind();

    /** SLOW: the delay; TIMEOUT: the connect timeout used when the application has none. */
    long millis();

    @Override
    default Effect onExchange(Exchange exchange) {
        return Effect.pass();
    }
}

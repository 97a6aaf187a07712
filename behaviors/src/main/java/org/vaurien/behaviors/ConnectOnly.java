package org.vaurien.behaviors;

import org.vaurien.spi.Connect;
import org.vaurien.spi.Exchange;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;

/** A fault that acts on the application's connect (agent only) and lets exchanges pass. */
final class ConnectOnly implements Fault {
    private final Injection atConnect;

    ConnectOnly(Injection atConnect) {
        this.atConnect = atConnect;
    }

    @Override
    public Injection onConnect(Connect connect) {
        return connect.phase() == Phase.CONNECT ? atConnect : Injection.PASS;
    }

    @Override
    public Injection onExchange(Exchange exchange) {
        return Injection.PASS;
    }
}

package org.vaurien.spi;

/**
 * Opt-in for a fault that shapes the bytes of a direction (latency, bandwidth, slicing...)
 * instead of, or as well as, deciding exchanges.
 */
public interface StreamFault extends Fault {
    /** A new stage for one direction of one connection (or one exchange); never shared. */
    Stage stage(Stage.Context context);

    @Override
    default Injection onExchange(Exchange exchange) {
        return Injection.PASS;
    }
}

package org.vaurien;

/** Told each time a behavior acts (for metrics, logs, JFR events); called on I/O threads: be quick. */
@FunctionalInterface
public interface FaultListener {
    /**
     * @param proxy the proxy's name
     * @param behavior the behavior that acted
     * @param direction upstream, downstream or both (its direction option, or where it acts)
     * @param connection the connection's number
     * @param exchange the exchange's number on it (0 for a connection-wide effect)
     * @param effect what it did (error, delay, latency...)
     */
    void onFault(String proxy, String behavior, String direction, long connection, long exchange, String effect);
}

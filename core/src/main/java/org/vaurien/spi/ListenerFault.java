package org.vaurien.spi;

/**
 * Opt-in for a fault that acts on the proxy's listening socket rather than on connections
 * ({@code down}): while a plan holds one in its stack, the proxy does not listen (new clients
 * get "connection refused") and its open connections are closed.
 */
public interface ListenerFault extends Fault {
}

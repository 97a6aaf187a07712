package org.vaurien.spi;

/**
 * How a proxy treats its sockets, whatever is said on them; part of the proxy's configuration,
 * read once when its plan is made.
 *
 * @param keepAliveProbes TCP keep-alive probes on both sockets
 * @param reuseBackend a backend connection left idle by a client that leaves serves the next client
 */
public record SocketPolicy(boolean keepAliveProbes, boolean reuseBackend) {
    public static final SocketPolicy DEFAULT = new SocketPolicy(false, false);
}

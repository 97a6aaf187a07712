package org.vaurien.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.vaurien.BadInputException;

/**
 * One {@code match = host:port} of a target: a host name, an IP or {@code *}; a port or
 * {@code *}. A name also matches the addresses it resolves to, so a connect by IP matches too.
 */
record Match(String host, int port, Set<String> addresses) {
    static final int ANY = -1;

    static Match parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new BadInputException("match '" + text + "' is not HOST:PORT (a host, an IP or *; a port or *)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = t.substring(colon + 1);
        int port;
        if (portText.equals("*")) {
            port = ANY;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new BadInputException("match '" + text + "': '" + portText + "' is not a port or *");
            }
            if (port < 1 || port > 65535) {
                throw new BadInputException("match '" + text + "': port " + port + " is out of range (1 to 65535)");
            }
        }
        Set<String> addresses = new HashSet<>();
        if (!host.equals("*")) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    addresses.add(a.getHostAddress());
                }
            } catch (UnknownHostException e) {
                // a name that does not resolve now may still be used by name by the application
            }
        }
        return new Match(host.toLowerCase(Locale.ROOT), port, addresses);
    }

    /** A host and a port, no wildcard: the target's proxy can be started before any connect. */
    boolean concrete() {
        return !host.equals("*") && port != ANY;
    }

    /** Whether a connect to {@code target} is one of this target's. */
    boolean matches(InetSocketAddress target) {
        if (port != ANY && target.getPort() != port) {
            return false;
        }
        if (host.equals("*")) {
            return true;
        }
        if (host.equalsIgnoreCase(target.getHostString())) {
            return true;
        }
        InetAddress a = target.getAddress();
        return a != null && addresses.contains(a.getHostAddress());
    }

    @Override
    public String toString() {
        return host + ":" + (port == ANY ? "*" : Integer.toString(port));
    }
}

package org.vaurien.config;

import java.net.InetSocketAddress;
import org.vaurien.BadInputException;

/**
 * A {@code host:port} as users write it: {@code localhost:8000}, {@code 10.0.0.1:80},
 * {@code [::1]:8000}. Resolving is left to the caller so that an unresolvable name gets its own
 * message.
 */
public record HostPort(String host, int port) {
    public static HostPort parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new BadInputException("'" + text + "' is not HOST:PORT");
        }
        String host = t.substring(0, colon);
        String port = t.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new BadInputException("'" + text + "' is not HOST:PORT ([ without ])");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new BadInputException("'" + text + "' is not HOST:PORT (write an IPv6 address in"
                    + " brackets: [::1]:8000)");
        }
        if (host.isEmpty()) {
            throw new BadInputException("'" + text + "' has no host");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new BadInputException("'" + text + "': '" + port + "' is not a port number");
        }
        if (p < 0 || p > 65535) {
            throw new BadInputException("'" + text + "': port " + p + " is out of range (0 to 65535)");
        }
        return new HostPort(host, p);
    }

    /** An address that is resolved now (may block on DNS). */
    public InetSocketAddress resolve() {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new BadInputException("cannot resolve host '" + host + "'");
        }
        return address;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress()
                : address.getHostString();
        return new HostPort(compressIpv6(host), address.getPort()).toString();
    }

    /** {@code 0:0:0:0:0:0:0:1} as people write it: {@code ::1} (the longest run of zeros folded). */
    static String compressIpv6(String host) {
        int percent = host.indexOf('%');
        String scope = percent < 0 ? "" : host.substring(percent);
        String[] parts = (percent < 0 ? host : host.substring(0, percent)).split(":", -1);
        if (parts.length != 8) {
            return host;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && parts[j].replaceFirst("^0+", "").isEmpty()) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(parts[i].replaceFirst("^0+(?=.)", ""));
        }
        return s + scope;
    }
}

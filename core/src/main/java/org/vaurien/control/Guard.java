package org.vaurien.control;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may use the control API: programs (with the bearer token when one is set), and the web
 * page this server served; no other web page. A page on any site the user visits could
 * otherwise reach a server on loopback, so a request with a browser's marks (a browser's user
 * agent, an {@code Origin}, a {@code Sec-Fetch-*} header) is refused unless it proves it comes
 * from our page: it carries the secret handed to the page in a header that a cross-site page
 * cannot send without a preflight this server never allows, its {@code Origin} is the server's
 * own, and its {@code Host} is this server's address (not a name rebound to loopback).
 */
final class Guard {
    /** The header the page sends its secret in. */
    static final String UI_HEADER = "X-Vaurien-UI";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** What a request is, once let in. */
    enum Caller { PROGRAM, PAGE_FILE, PAGE }

    private final String token;
    private final String secret;

    Guard(String token) {
        this.token = token;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    boolean hasToken() {
        return token != null;
    }

    /** The secret the page is served with. */
    String secret() {
        return secret;
    }

    /** Who made the request; an {@link ApiException} (401 or 403) says why it is refused. */
    Caller check(Headers h, String method, List<String> path, int port) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (read && !path.isEmpty() && path.get(0).equals("ui")) {
            String site = h.getFirst("Sec-Fetch-Site");
            String dest = h.getFirst("Sec-Fetch-Dest");
            // a link followed from another site opens the page; nothing else from there loads it (a frame, a script)
            if (site != null && !site.equals("same-origin") && !site.equals("none") && !"document".equals(dest)) {
                throw new ApiException(403, "the page's files are not served to another site's page (" + site + ", " + dest + ")");
            }
            requireSelfHost(h, port);
            return Caller.PAGE_FILE;
        }
        String mark = browserMark(h);
        String ui = h.getFirst(UI_HEADER);
        if (mark == null && ui == null) {
            requireToken(h);
            return Caller.PROGRAM;
        }
        if (ui == null) {
            // Toxiproxy's own words for a browser's user agent
            throw new ApiException(403, mark.equals("User-Agent") ? "User agent not allowed"
                    : "requests from web pages are not allowed (" + mark + ")");
        }
        if (!MessageDigest.isEqual(ui.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "wrong " + UI_HEADER + " secret: this is not the page this server served (reload it)");
        }
        String host = requireSelfHost(h, port);
        String origin = h.getFirst("Origin");
        if (origin == null ? !read : !origin.equals("http://" + host)) {
            throw new ApiException(403, "Origin " + origin + " is not this server's own (http://" + host + ")");
        }
        String site = h.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            throw new ApiException(403, "the page's requests come from its own origin, not " + site);
        }
        requireToken(h);
        return Caller.PAGE;
    }

    /** A browser's mark on the request, or null: its user agent, an Origin, a Fetch metadata header. */
    private static String browserMark(Headers h) {
        String agent = h.getFirst("User-Agent");
        if (agent != null && agent.startsWith("Mozilla/")) {
            return "User-Agent";
        }
        for (String header : h.keySet()) {
            String name = header.toLowerCase(Locale.ROOT);
            if (name.equals("origin") || name.startsWith("sec-fetch-")) {
                return header;
            }
        }
        return null;
    }

    /**
     * The Host header, when it names this server by an address or as localhost: a page of a
     * domain that an attacker points at 127.0.0.1 (DNS rebinding) sends its own name.
     */
    private static String requireSelfHost(Headers h, int port) {
        String host = h.getFirst("Host");
        String refused = "Host '" + host + "' is not this server's address (use http://127.0.0.1:" + port + "/ui)";
        if (host == null || !host.endsWith(":" + port)) {
            throw new ApiException(403, refused);
        }
        String name = host.substring(0, host.length() - (":" + port).length()).toLowerCase(Locale.ROOT);
        boolean literal = IPV4.matcher(name).matches() || name.startsWith("[") && name.endsWith("]");
        if (!literal && !name.equals("localhost")) {
            throw new ApiException(403, refused);
        }
        return host;
    }

    private void requireToken(Headers h) {
        if (token == null) {
            return;
        }
        String auth = h.getFirst("Authorization");
        if (auth == null) {
            throw new ApiException(401, "missing bearer token (Authorization: Bearer ...)");
        }
        if (!MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(401, "wrong bearer token");
        }
    }
}

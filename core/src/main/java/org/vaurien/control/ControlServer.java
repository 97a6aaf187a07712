package org.vaurien.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;

/**
 * One HTTP control server for all proxies of a process, speaking Vaurien's dialect and
 * Toxiproxy's. It listens on loopback unless told otherwise, refuses requests made by web
 * browsers (a page could otherwise drive it), and can require a bearer token.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    /** The largest request body the API reads. */
    static final int MAX_BODY = 1 << 20;

    private final ProxyManager manager;
    private final String version;
    private final ToxiproxyApi toxiproxy;
    private final VaurienApi vaurien;
    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final FaultStream faults;
    private final Leases leases;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Guard guard;
    private final UiFiles ui;
    private final Undo undo;
    private final Status status;
    private final Status.Stream statusStream;

    /** What answers the paths under a first segment of its own (an experiments API, say). */
    @FunctionalInterface
    public interface Route {
        /** {@code path} is every segment, the first included; an ApiException is answered as an error. */
        Answer handle(String method, List<String> path, String body);

        /** What {@code GET /status} shows of it under its name (the runs going on), or null. */
        default JsonElement live() {
            return null;
        }

        /** Every fault was stopped from the master switch: stop whatever would bring them back. */
        default void faultsStopped(String by) {
        }
    }

    private ControlServer(ProxyManager manager, HttpServer http, String token, String version) {
        this.manager = manager;
        this.http = http;
        this.version = version;
        this.guard = new Guard(token == null || token.isEmpty() ? null : token);
        this.ui = new UiFiles(guard.secret());
        this.undo = new Undo(manager);
        this.status = new Status(manager, undo, routes, version);
        this.statusStream = new Status.Stream(status::now);
        this.toxiproxy = new ToxiproxyApi(manager);
        this.vaurien = new VaurienApi(manager);
        this.faults = new FaultStream(manager);
        this.leases = new Leases(manager);
        // requests are short, but an event stream holds its thread for as long as it is followed
        this.executor = new ThreadPoolExecutor(2, 32, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "vaurien-control");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::serve);
    }

    /** Starts the control server; a taken port or an unknown host is a BadInputException. */
    public static ControlServer start(ProxyManager manager, HostPort listen, String token, String version) {
        ControlServer server = bind(manager, listen, token, version);
        server.open();
        return server;
    }

    /** Binds the control server's port; it answers nothing until {@link #open()}. */
    public static ControlServer bind(ProxyManager manager, HostPort listen, String token, String version) {
        InetSocketAddress address;
        try {
            address = listen.resolve();
        } catch (BadInputException e) {
            throw new BadInputException("--http-host: " + e.getMessage());
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 64);
        } catch (BindException e) {
            throw new BadInputException("cannot start the control API on " + listen + ": address already in use");
        } catch (IOException e) {
            throw new BadInputException("cannot start the control API on " + listen + ": " + e.getMessage());
        }
        return new ControlServer(manager, http, token, version);
    }

    /** Answers requests from now on, and says where (loudly when it is not on loopback). */
    public void open() {
        http.start();
        InetSocketAddress bound = http.getAddress();
        if (!bound.getAddress().isLoopbackAddress()) {
            LOG.warning("THE CONTROL API LISTENS ON " + HostPort.format(bound) + ", NOT ON LOOPBACK: anyone who can reach"
                    + " it can change what the proxies do" + (guard.hasToken() ? "" : ", and no --http-token is set"));
        }
        LOG.info(() -> "control API (Vaurien and Toxiproxy dialects) on http://" + HostPort.format(bound)
                + ", the web page on http://" + HostPort.format(bound) + "/ui");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Answers the paths under {@code /first} with {@code route}. */
    public void route(String first, Route route) {
        routes.put(first, route);
    }

    private void serve(HttpExchange x) throws IOException {
        String method = x.getRequestMethod().toUpperCase(Locale.ROOT);
        List<String> path = segments(x.getRequestURI().getPath());
        boolean vaurienPath = VaurienApi.isVaurienPath(path);
        Answer answer;
        try {
            Guard.Caller caller = guard.check(x.getRequestHeaders(), method, path, port());
            if (caller == Guard.Caller.PAGE_FILE) {
                ui.serve(x, path);
                x.close();
                return;
            }
            EventStream stream = !method.equals("GET") ? null
                    : path.equals(List.of("faults")) ? faults
                    : path.equals(List.of("status", "stream")) ? statusStream : null;
            if (stream != null) {
                stream.serve(x);
                x.close();
                return;
            }
            String body = body(x);
            if (caller == Guard.Caller.PAGE && undoable(method, path)) {
                Map<String, ManagedProxy.State> before = undo.before();
                answer = route(method, path, body, vaurienPath);
                if (answer.status() < 300) {
                    undo.record(change(x, method, path), before);
                }
            } else {
                answer = route(method, path, body, vaurienPath);
            }
        } catch (ApiException e) {
            answer = Answer.json(e.status(), vaurienPath ? VaurienApi.error(e) : toxiproxyError(e));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "control API: " + method + " " + x.getRequestURI() + " failed", e);
            answer = Answer.json(500, toxiproxyError(new ApiException(500, String.valueOf(e))));
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", answer.contentType());
        x.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
        if (answer.status() != 204) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
        x.close();
    }

    private Answer route(String method, List<String> path, String body, boolean vaurienPath) {
        if (vaurienPath) {
            String proxy = path.size() == 3 ? path.get(1) : null;
            return vaurien.handle(method, path.get(path.size() - 1), proxy, body);
        }
        String first = path.isEmpty() ? "" : path.get(0);
        if (first.equals("leases")) {
            return leases.handle(method, path, body);
        }
        if (first.equals("faults") || first.equals("status") || first.equals("undo")) {
            return switches(method, path, body);
        }
        Route extra = routes.get(first);
        if (extra != null) {
            return extra.handle(method, path, body);
        }
        if (path.size() == 1) {
            switch (first) {
                case "version":
                    return Answer.json(200, "{\"version\": \"" + version + "\"}\n");
                case "metrics":
                    return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", Metrics.render(manager.all()));
                case "reset":
                    requirePost(method);
                    return toxiproxy.reset();
                case "populate":
                    requirePost(method);
                    return toxiproxy.populate(body);
                default:
                    break;
            }
        }
        Answer answer = toxiproxy.handle(method, path, body);
        if (answer == null) {
            throw new ApiException(404, "not found: /" + String.join("/", path));
        }
        return answer;
    }

    /** The master switch ({@code /faults/stop}, {@code /faults/resume}), {@code /status} and {@code /undo}. */
    private Answer switches(String method, List<String> path, String body) {
        String where = String.join("/", path);
        if (method.equals("GET") && where.equals("status")) {
            return Answer.json(200, status.now().toString());
        }
        requirePost(method);
        switch (where) {
            case "faults/stop":
                String by = body.isBlank() ? null : Json.string(Json.object(body), "by");
                ProxyManager.Stop stop = manager.stopFaults(by == null || by.isBlank() ? "the control API" : by);
                routes.values().forEach(r -> r.faultsStopped(stop.by()));
                return Answer.json(200, status.now().toString());
            case "faults/resume":
                manager.resumeFaults();
                return Answer.json(200, status.now().toString());
            case "undo":
                undo.undo();
                return Answer.json(200, status.now().toString());
            default:
                throw new ApiException(404, "not found: /" + where);
        }
    }

    /** A change the page made to the proxies, which it can undo (not the switches, runs or leases). */
    private static boolean undoable(String method, List<String> path) {
        String first = path.isEmpty() ? "" : path.get(0);
        return !method.equals("GET") && !method.equals("HEAD") && !first.equals("faults") && !first.equals("undo")
                && !first.equals("experiments") && !first.equals("leases") && !first.equals("status");
    }

    /** How the page named its change (X-Vaurien-Change, URL-encoded), else the request's method and path. */
    private static String change(HttpExchange x, String method, List<String> path) {
        String named = x.getRequestHeaders().getFirst("X-Vaurien-Change");
        if (named != null && !named.isBlank()) {
            String text = URLDecoder.decode(named, StandardCharsets.UTF_8);
            return text.length() > 200 ? text.substring(0, 200) : text;
        }
        return method + " /" + String.join("/", path);
    }

    private static void requirePost(String method) {
        if (!method.equals("POST")) {
            throw new ApiException(405, "method not allowed");
        }
    }

    /** The request's body, refused past {@link #MAX_BODY}: no request makes the API hold more. */
    private static String body(HttpExchange x) throws IOException {
        byte[] bytes = x.getRequestBody().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            // read the rest without keeping it: closing with bytes unread makes the kernel reset the
            // connection, and the client could lose the 413 itself; past 64 MB, it may
            byte[] scratch = new byte[1 << 16];
            long drained = 0;
            for (int n; drained < 64L << 20 && (n = x.getRequestBody().read(scratch)) > 0; ) {
                drained += n;
            }
            throw new ApiException(413, "request body over " + (MAX_BODY >> 20) + " MB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String toxiproxyError(ApiException e) {
        JsonObject o = new JsonObject();
        o.addProperty("error", e.getMessage());
        o.addProperty("status", e.status());
        return o.toString();
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }

    @Override
    public void close() {
        faults.close();
        statusStream.close();
        leases.close();
        http.stop(0);
        executor.shutdownNow();
    }
}

package org.vaurien.control;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code /ui}: the web page, static files served from the jar, and uPlot from its WebJar. The
 * page itself carries the server's secret (see {@link Guard}); nothing is cached, nothing may
 * frame it, and it loads scripts from this server only.
 */
final class UiFiles {
    private static final String DIR = "/org/vaurien/control/ui/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(js|css|svg)");
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final Map<String, String> VENDOR = Map.of("uPlot.min.js", "dist/uPlot.iife.min.js",
            "uPlot.min.css", "dist/uPlot.min.css");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "html", "text/html; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final String secret;

    UiFiles(String secret) {
        this.secret = secret;
    }

    /** Serves {@code path} (its first segment is "ui"); an unknown file is a 404. */
    void serve(HttpExchange x, List<String> path) throws IOException {
        byte[] body;
        String type;
        if (path.size() == 1) {
            body = page();
            type = TYPES.get("html");
        } else if (path.size() == 3 && path.get(1).equals("vendor") && VENDOR.containsKey(path.get(2))) {
            body = vendor(VENDOR.get(path.get(2)));
            type = TYPES.get(extension(path.get(2)));
        } else if (path.size() == 2 && NAME.matcher(path.get(1)).matches()) {
            body = read(UiFiles.class.getResourceAsStream(DIR + path.get(1)));
            type = TYPES.get(extension(path.get(1)));
        } else {
            body = null;
            type = null;
        }
        Headers h = x.getResponseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", POLICY);
        if (body == null) {
            body = ("not found: /" + String.join("/", path)).getBytes(StandardCharsets.UTF_8);
            h.set("Content-Type", "text/plain; charset=utf-8");
            x.sendResponseHeaders(404, body.length);
        } else {
            h.set("Content-Type", type);
            x.sendResponseHeaders(200, x.getRequestMethod().equalsIgnoreCase("HEAD") ? -1 : body.length);
        }
        try (OutputStream out = x.getResponseBody()) {
            if (!x.getRequestMethod().equalsIgnoreCase("HEAD")) {
                out.write(body);
            }
        }
    }

    /** The page, with this server's secret in it: only a page that can read it may drive the API. */
    private byte[] page() {
        String html = new String(read(UiFiles.class.getResourceAsStream(DIR + "index.html")), StandardCharsets.UTF_8);
        return html.replace("{{secret}}", secret).getBytes(StandardCharsets.UTF_8);
    }

    /** A file of uPlot's WebJar, whichever version the build carries. */
    private static byte[] vendor(String file) {
        ClassLoader loader = UiFiles.class.getClassLoader();
        Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                return null;
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(loader.getResourceAsStream(WEBJAR + pom.getProperty("version") + "/" + file));
    }

    private static byte[] read(InputStream in) {
        if (in == null) {
            return null;
        }
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}

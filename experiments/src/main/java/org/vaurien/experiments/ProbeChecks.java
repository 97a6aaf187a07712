package org.vaurien.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;
import org.vaurien.experiments.Experiment.ProbeSpec;

/** The check a probe makes, by kind: each one throws when the steady state is not there, or takes too long. */
final class ProbeChecks {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private ProbeChecks() {
    }

    /** The check of {@code spec}, whose target has its proxies' addresses put in. */
    static Callable<Object> of(ProbeSpec spec, String target) {
        int timeoutMs = (int) Math.max(1, spec.timeout().toMillis());
        switch (spec.kind()) {
            case HTTP: return http(target, spec.status(), spec.timeout());
            case TCP: return () -> {
                try (Socket s = connect(target, timeoutMs)) {
                    return s.getPort();
                }
            };
            case REDIS: return () -> redisPing(target, timeoutMs);
            case SQL: return () -> sql(target, spec, timeoutMs);
            default: return () -> command(target, spec.timeout());
        }
    }

    /** Checks that a target can be used at all, before anything starts: a URL that is one, an address that is one. */
    static void checkTarget(ProbeSpec spec, String target) {
        try {
            switch (spec.kind()) {
                case HTTP -> {
                    URI uri = URI.create(target);
                    if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                        throw new IllegalArgumentException("not an http:// URL");
                    }
                }
                case TCP, REDIS -> HostPort.parse(target);
                case SQL -> DriverManager.getDriver(target);
                default -> { }
            }
        } catch (IllegalArgumentException | BadInputException e) {
            throw new BadInputException("probe '" + spec.name() + "' (line " + spec.line() + "): '" + target + "': "
                    + e.getMessage());
        } catch (SQLException e) {
            throw new BadInputException("probe '" + spec.name() + "' (line " + spec.line() + "): no JDBC driver takes '"
                    + target + "' (put the driver's jar on the class path)");
        }
    }

    private static Callable<Object> http(String url, int expected, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        return () -> {
            HttpResponse<Void> r = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            boolean ok = expected > 0 ? r.statusCode() == expected : r.statusCode() < 400;
            if (!ok) {
                throw new IOException("status " + r.statusCode() + (expected > 0 ? ", not " + expected : ""));
            }
            return r.statusCode();
        };
    }

    private static Socket connect(String target, int timeoutMs) throws IOException {
        HostPort hp = HostPort.parse(target);
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(hp.host(), hp.port()), timeoutMs);
            s.setSoTimeout(timeoutMs);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static String redisPing(String target, int timeoutMs) throws IOException {
        try (Socket s = connect(target, timeoutMs)) {
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed before the answer to PING");
                }
                line.append((char) c);
            }
            String answer = line.toString().trim();
            if (!answer.equals("+PONG")) {
                throw new IOException("PING answered '" + answer + "'");
            }
            return answer;
        }
    }

    private static Object sql(String url, ProbeSpec spec, int timeoutMs) throws SQLException {
        DriverManager.setLoginTimeout(Math.max(1, timeoutMs / 1000));
        try (Connection c = DriverManager.getConnection(url, spec.user(), spec.password());
             Statement st = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, timeoutMs);
            st.setQueryTimeout(Math.max(1, timeoutMs / 1000));
            st.execute(spec.query());
            return true;
        }
    }

    private static int command(String command, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("still running after " + Durations.text(timeout));
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit status " + p.exitValue());
        }
        return 0;
    }
}

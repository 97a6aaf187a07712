package org.vaurien.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.control.ControlServer;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;
import org.vaurien.experiments.DemoBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vaurien demo}: an embedded HTTP backend, a proxy in front of it with a visible mix, and
 * a client that shows, request by request, what the faults did to it. Needs nothing installed.
 */
@Command(name = "vaurien demo", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Runs an embedded HTTP server behind a Vaurien proxy and shows what a client sees.")
final class DemoCommand implements Callable<Integer> {
    private final Registry registry;

    @Spec
    CommandSpec spec;

    @Option(names = "--requests", defaultValue = "40", description = "requests to send (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--behavior", defaultValue = "20:delay,10:error,5:blackout",
            description = "the behavior mix (default: ${DEFAULT-VALUE})")
    String behavior;

    @Option(names = "--sleep", defaultValue = "0.3", description = "delay's sleep in seconds (default: ${DEFAULT-VALUE})")
    String sleep;

    @Option(names = "--seed", description = "seed of the draws")
    Long seed;

    @Option(names = "--http", paramLabel = "PORT", description = "also starts the control API and its web page on"
            + " 127.0.0.1:PORT (0: any free port), and sends requests until stopped, one every 200 ms")
    Integer http;

    DemoCommand(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Logger.getLogger("org.vaurien").setLevel(Level.WARNING);
        DemoBackend backend = DemoBackend.start();
        String protocol = registry.hasProtocol("http") ? "http" : "tcp";
        ProxyConfig config = ProxyConfig.builder()
                .listen(new HostPort("127.0.0.1", 0))
                .backend(new HostPort("127.0.0.1", backend.port()))
                .protocol(protocol).behavior(behavior).seed(seed)
                .behaviorOption("delay", "sleep", sleep)
                .build();
        Engine engine = new Engine(1, true);
        ProxyManager manager = new ProxyManager(engine, registry);
        ControlServer api = null;
        try {
            ProxyServer proxy = manager.start(config).server();
            out.printf("Backend: HTTP server on 127.0.0.1:%d%n", backend.port());
            out.printf("Proxy:   vaurien --proxy 127.0.0.1:%d --backend 127.0.0.1:%d --protocol %s --behavior %s%n",
                    proxy.port(), backend.port(), protocol, behavior);
            if (http != null) {
                api = ControlServer.start(manager, new HostPort("127.0.0.1", http), null, Main.version());
                out.printf("Watch and steer it: http://127.0.0.1:%d/ui (Ctrl-C stops the demo)%n", api.port());
            }
            out.println();
            out.flush();
            drive(proxy, out);
        } finally {
            if (api != null) {
                api.close();
            }
            manager.close();
            backend.close();
            engine.close();
        }
        return 0;
    }

    /** The behaviors that acted between two snapshots. */
    private static String drawn(Map<String, Long> before, Map<String, Long> after) {
        StringBuilder names = new StringBuilder();
        after.forEach((name, n) -> {
            long times = n - before.getOrDefault(name, 0L);
            for (long k = 0; k < times; k++) {
                names.append(names.length() == 0 ? "" : "+").append(name);
            }
        });
        return names.length() == 0 ? "passed" : names.toString();
    }

    private void drive(ProxyServer proxy, PrintWriter out) {
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", proxy.port());
        Map<String, Integer> seen = new TreeMap<>();
        List<Long> okMillis = new ArrayList<>();
        out.printf("  %-9s %-16s %-32s %s%n", "request", "the proxy did", "what the client saw", "time");
        for (int i = 1; http != null || i <= requests; i++) {
            Map<String, Long> before = proxy.stats().faultCounts();
            long start = System.nanoTime();
            String outcome = get(to);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (outcome.equals("HTTP 200")) {
                okMillis.add(ms);
            }
            seen.merge(outcome, 1, Integer::sum);
            out.printf("  %-9d %-16s %-32s %6d ms%n", i, drawn(before, proxy.stats().faultCounts()), outcome, ms);
            if (http != null) {
                // a pace a person can follow on the page
                out.flush();
                pause(200);
            }
        }
        out.println();
        out.println("What the proxy drew (the rest passed untouched):");
        proxy.stats().faultCounts().forEach((name, n) -> out.printf("  %-10s %4d%n", name, n));
        out.println("What the client saw:");
        seen.forEach((k, n) -> out.printf("  %-34s %4d%n", k, n));
        if (!okMillis.isEmpty()) {
            Collections.sort(okMillis);
            out.printf("Successful requests: median %d ms, slowest %d ms%n",
                    okMillis.get(okMillis.size() / 2), okMillis.get(okMillis.size() - 1));
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * One GET on a connection of its own, with a client that never retries by itself (as
     * java.net.http and HttpURLConnection do after a closed connection), so a blackout shows as
     * what it is: the status line seen, or what happened instead.
     */
    private static String get(InetSocketAddress to) {
        try (Socket s = new Socket()) {
            s.connect(to, 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET /demo HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();
            if (answer.length == 0) {
                return "connection closed, no answer";
            }
            String head = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.") && head.length() >= 12 ? "HTTP " + head.substring(9, 12) : "bytes that are not HTTP";
        } catch (SocketTimeoutException e) {
            return "no answer within 3 s";
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }
}

package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka's producer and consumer under the agent, their configuration untouched. The broker's
 * BOOT listener, which the application bootstraps from, advertises another address (127.0.0.2,
 * listener BROKER): the clients learn it from the cluster and connect to it directly, as they
 * do to every broker of a real cluster. One target catches both addresses, each through an
 * embedded proxy of its own, and produce and fetch requests get their errors on either.
 */
class AgentKafkaTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static KafkaBroker broker;
    private static String bootstrap;
    private static String advertised;

    @BeforeAll
    static void broker() throws Exception {
        int brokerPort = ServerProcess.freePort();
        advertised = "127.0.0.2:" + brokerPort;
        broker = KafkaBroker.start(List.of(KafkaBroker.Listener.plain("DIRECT", "127.0.0.1", ServerProcess.freePort()),
                new KafkaBroker.Listener("BOOT", "127.0.0.1", ServerProcess.freePort(), advertised),
                KafkaBroker.Listener.plain("BROKER", "127.0.0.2", brokerPort)));
        bootstrap = broker.address("BOOT");
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void onJdk17() throws Exception {
        exercise(AppProcess.javaHome());
    }

    @Test
    void onJdk25() throws Exception {
        assumeTrue(AppProcess.jdk25() != null, AppProcess.NO_JDK25);
        exercise(AppProcess.jdk25());
    }

    private void exercise(Path javaHome) throws Exception {
        Path config = Files.createTempFile("chaos", ".ini");
        Files.writeString(config, String.join("\n",
                "[vaurien]", "http = true", "http_port = 0",
                "[target:kafka]", "match = " + bootstrap + ", " + advertised, "protocol = kafka", "behavior = 100:error",
                "[behavior:error]", "match = command~^(Produce|Fetch)$", "every = 4", ""));
        try (AppProcess app = AppProcess.start(javaHome, config.toString())) {
            assertTrue(app.stderrShows("vaurien agent: active", 10), app.stderr());
            int apiPort = app.controlPort();
            String[] hp = bootstrap.split(":");
            assertEquals("OK in order", app.call("kafka " + hp[0] + " " + hp[1]), app.stderr());
            Map<String, Long> faults = counts(apiPort, "vaurien_faults_total");
            Map<String, Long> connections = counts(apiPort, "vaurien_proxy_connections_total");
            String broker = "kafka-127.0.0.2-" + advertised.split(":")[1];
            assertTrue(connections.getOrDefault("kafka", 0L) > 0 && connections.getOrDefault(broker, 0L) > 0,
                    "both addresses went through the agent: " + connections);
            assertTrue(faults.getOrDefault(broker, 0L) >= 2, "produces and fetches got errors on the broker's address: " + faults);
        }
    }

    /** A counter of the agent's /metrics, by proxy. */
    private static Map<String, Long> counts(int apiPort, String metric) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> counts = new LinkedHashMap<>();
        Matcher m = Pattern.compile(metric + "\\{proxy=\"([^\"]+)\"[^}]*} (\\d+)").matcher(metrics);
        while (m.find()) {
            counts.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return counts;
    }
}

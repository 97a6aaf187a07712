import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * An application that knows nothing of Vaurien: it serves "hello" on localhost:8765 and fetches
 * it N times, a new connection each time. Run it with the agent to see its requests break:
 *
 *   java -javaagent:agent/target/vaurien-agent.jar=examples/agent/chaos.ini examples/agent/HttpLoop.java
 */
public class HttpLoop {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://localhost:" + port + "/");
        for (int i = 1; i <= count; i++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            String outcome;
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                outcome = r.statusCode() + " " + r.body().lines().findFirst().orElse("");
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            System.out.printf("request %2d: %-45s %5d ms%n", i, outcome, (System.nanoTime() - start) / 1_000_000);
        }
        server.stop(0);
    }
}

package org.vaurien.it;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * An application the agent tests start as a JVM of its own, with {@code -javaagent}: it knows
 * nothing of Vaurien. Each line on stdin, {@code CLIENT HOST PORT}, makes one operation on a new
 * connection with that client library; each gets one line on stdout: {@code OK detail} or
 * {@code FAIL ExceptionClass < CauseClass ...: message}. {@code loop CLIENT HOST PORT MILLIS}
 * repeats an operation every MILLIS in the background, one line {@code Ln result} each, until
 * {@code stop}. {@code hold HOST PORT} opens a socket and a channel that stay open, and
 * {@code held} prints the remote addresses they report now. {@code atexit CLIENT HOST PORT} makes its
 * operation in a shutdown hook, printed {@code EXIT result}. The timeouts are the application's own.
 */
public final class ClientApp {
    private static final ClientResources LETTUCE = DefaultClientResources.builder().ioThreadPoolSize(1)
            .computationThreadPoolSize(1).build();

    private ClientApp() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        Thread loop = null;
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("loop")) {
                loop = new Thread(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        out.println("L" + i + " " + run(w[1], w[2], Integer.parseInt(w[3])));
                        try {
                            Thread.sleep(Long.parseLong(w[4]));
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                    out.println("STOPPED");
                }, "loop");
                loop.start();
            } else if (w[0].equals("stop")) {
                loop.interrupt();
                loop.join();
            } else if (w[0].equals("hold")) {
                InetSocketAddress to = new InetSocketAddress(w[1], Integer.parseInt(w[2]));
                heldSocket = new Socket();
                heldSocket.connect(to, 3000);
                heldChannel = SocketChannel.open(to);
                out.println("OK " + held());
            } else if (w[0].equals("held")) {
                out.println("OK " + held());
            } else if (w[0].equals("atexit")) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> out.println("EXIT " + run(w[1], w[2],
                        Integer.parseInt(w[3])))));
                out.println("OK registered");
            } else if (w[0].equals("exit")) {
                break;
            } else {
                out.println(run(w[0], w[1], Integer.parseInt(w[2])));
            }
        }
        LETTUCE.shutdown(0, 1, TimeUnit.SECONDS);
    }

    private static Socket heldSocket;
    private static SocketChannel heldChannel;

    /** One query on a new JDBC connection: 42 when the database answered. */
    private static String sixTimesSeven(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             ResultSet r = c.createStatement().executeQuery("SELECT 6 * 7")) {
            r.next();
            return r.getString(1);
        }
    }

    /** What the held socket and channel say of their peer. */
    private static String held() throws IOException {
        return "socket=" + heldSocket.getRemoteSocketAddress() + " inet=" + heldSocket.getInetAddress().getHostAddress()
                + " port=" + heldSocket.getPort() + " channel=" + heldChannel.getRemoteAddress();
    }

    static String run(String client, String host, int port) {
        try {
            // bytes a fault made up may hold line breaks: one answer stays one line
            return "OK " + operation(client, host, port).replaceAll("\\p{Cntrl}", "?");
        } catch (Throwable t) {
            List<String> chain = new ArrayList<>();
            String message = "";
            for (Throwable c = t; c != null && chain.size() < 6;
                    c = c.getCause() != null || c.getSuppressed().length == 0 ? c.getCause() : c.getSuppressed()[0]) {
                chain.add(c.getClass().getName());
                if (c.getMessage() != null) {
                    message = c.getMessage();
                }
            }
            return "FAIL " + String.join(" < ", chain) + ": " + message.replace('\n', ' ');
        }
    }

    /**
     * A non-blocking connect on a selector loop of its own that also ticks every 20 ms, as an
     * event loop serving other channels would: how long the connect call took, when the connect
     * completed, the longest the loop went without waking up, and how often it woke.
     */
    private static String nioLoop(String host, int port) throws Exception {
        try (Selector selector = Selector.open(); SocketChannel c = SocketChannel.open()) {
            c.configureBlocking(false);
            long start = System.nanoTime();
            boolean done = c.connect(new InetSocketAddress(host, port));
            long call = (System.nanoTime() - start) / 1_000_000;
            c.register(selector, SelectionKey.OP_CONNECT);
            long last = System.nanoTime();
            long maxGap = 0;
            int wakeups = 0;
            while (!done && System.nanoTime() - start < 5_000_000_000L) {
                selector.select(20);
                long now = System.nanoTime();
                maxGap = Math.max(maxGap, now - last);
                last = now;
                wakeups++;
                for (SelectionKey k : selector.selectedKeys()) {
                    done |= k.isConnectable() && c.finishConnect();
                }
                selector.selectedKeys().clear();
            }
            long ready = (System.nanoTime() - start) / 1_000_000;
            if (!done) {
                throw new SocketTimeoutException("no OP_CONNECT within 5 s");
            }
            return "call=" + call + " ready=" + ready + " maxgap=" + maxGap / 1_000_000 + " wakeups=" + wakeups;
        }
    }

    private static String operation(String client, String hostAndPath, int port) throws Exception {
        // https and okhttps take a path after the host (localhost/api/orders); /index.html by default
        int slash = hostAndPath.indexOf('/');
        String host = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String path = slash < 0 ? "/index.html" : hostAndPath.substring(slash);
        switch (client) {
            case "kafka":
                // produces records and consumes them back through whatever brokers the cluster names
                return KafkaClients.roundTrip(host + ":" + port, "agent-" + System.nanoTime(), 2000);
            case "pg":
                return sixTimesSeven("jdbc:postgresql://" + host + ":" + port
                        + "/postgres?user=postgres&connectTimeout=2&socketTimeout=3");
            case "hc5":
                return MoreClients.classic(host, port);
            case "hc5async":
                return MoreClients.async(host, port);
            case "hikari":
                return MoreClients.hikari(host, port);
            case "vertx":
                return MoreClients.vertx(host, port);
            case "grpc":
                return GrpcEcho.call(host, port);
            case "jedis":
                try (Jedis j = new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(1500).socketTimeoutMillis(3000)
                        .clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build())) {
                    j.set("agent-key", "agent-value");
                    return j.get("agent-key");
                }
            case "lettuce":
                RedisClient redis = RedisClient.create(LETTUCE, RedisURI.builder().withHost(host).withPort(port)
                        .withTimeout(Duration.ofSeconds(3)).build());
                redis.setOptions(ClientOptions.builder().socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofMillis(1500)).build()).build());
                try (StatefulRedisConnection<String, String> c = redis.connect()) {
                    c.sync().set("agent-key", "agent-value");
                    return c.sync().get("agent-key");
                } finally {
                    redis.shutdown(0, 1, TimeUnit.SECONDS);
                }
            case "jdbc":
                return sixTimesSeven("jdbc:mariadb://" + host + ":" + port + "/?user=root&connectTimeout=1500&socketTimeout=3000");
            case "http":
            case "https":
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofMillis(1500)).build();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(client + "://" + host + ":" + port
                        + path)).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() + " " + response.body().trim();
            case "okhttp":
            case "okhttps":
                OkHttpClient ok = new OkHttpClient.Builder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                        .connectTimeout(1500, TimeUnit.MILLISECONDS).readTimeout(3, TimeUnit.SECONDS)
                        .retryOnConnectionFailure(false).build();
                String scheme = client.equals("okhttps") ? "https" : "http";
                try (Response r = ok.newCall(new Request.Builder().url(scheme + "://" + host + ":" + port + path)
                        .build()).execute()) {
                    return r.code() + " " + r.body().string().trim();
                }
            case "socket":
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 1500);
                    s.setSoTimeout(3000);
                    s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] b = new byte[6];
                    int n = s.getInputStream().readNBytes(b, 0, 6);
                    return new String(b, 0, n, StandardCharsets.ISO_8859_1).trim() + " remote=" + s.getRemoteSocketAddress()
                            + " inet=" + s.getInetAddress().getHostAddress() + " port=" + s.getPort();
                }
            case "channel":
                try (SocketChannel c = SocketChannel.open(new InetSocketAddress(host, port))) {
                    c.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer b = ByteBuffer.allocate(6);
                    while (b.hasRemaining() && c.read(b) >= 0) {
                        // a blocking read: the echo comes back whole or the peer closes
                    }
                    return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1).trim()
                            + " remote=" + c.getRemoteAddress() + " socket=" + c.socket().getRemoteSocketAddress();
                }
            case "async":
                try (AsynchronousSocketChannel c = AsynchronousSocketChannel.open()) {
                    c.connect(new InetSocketAddress(host, port)).get(3, TimeUnit.SECONDS);
                    c.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII))).get(3, TimeUnit.SECONDS);
                    ByteBuffer b = ByteBuffer.allocate(6);
                    while (b.hasRemaining() && c.read(b).get(3, TimeUnit.SECONDS) >= 0) {
                        // until the whole echo is back
                    }
                    return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1).trim()
                            + " remote=" + c.getRemoteAddress();
                }
            case "drain":
                // a request line, then every byte of the answer counted (none kept) until the server closes
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 1500);
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                    long n = s.getInputStream().transferTo(OutputStream.nullOutputStream());
                    return "bytes=" + n;
                }
            case "nioloop":
                return nioLoop(host, port);
            case "asynctimed":
                try (AsynchronousSocketChannel c = AsynchronousSocketChannel.open()) {
                    long start = System.nanoTime();
                    Future<Void> connected = c.connect(new InetSocketAddress(host, port));
                    long call = (System.nanoTime() - start) / 1_000_000;
                    connected.get(5, TimeUnit.SECONDS);
                    return "call=" + call + " ready=" + (System.nanoTime() - start) / 1_000_000;
                }
            default:
                throw new IllegalArgumentException("unknown client " + client);
        }
    }
}

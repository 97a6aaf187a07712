package org.vaurien.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Clients of ClientApp that new users tried the agent with: Apache HttpClient 5 (classic, async),
 * HikariCP, Vert.x's Redis client.
 */
final class MoreClients {
    private static final ConnectionConfig CONNECTION = ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(1500)).setSocketTimeout(Timeout.ofSeconds(3)).build();
    private static final RequestConfig REQUEST = RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(3)).build();

    private MoreClients() {
    }

    /** A GET of /index.html with HttpClient 5's classic (blocking) client: status and body. */
    static String classic(String host, int port) throws Exception {
        try (CloseableHttpClient client = HttpClients.custom().setDefaultRequestConfig(REQUEST).disableAutomaticRetries()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(CONNECTION).build()).build()) {
            return client.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(
                    "http://" + host + ":" + port + "/index.html"),
                    response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()).trim());
        }
    }

    /** The same with HttpClient 5's async client (its own I/O reactor on non-blocking channels). */
    static String async(String host, int port) throws Exception {
        try (CloseableHttpAsyncClient client = HttpAsyncClients.custom().setDefaultRequestConfig(REQUEST)
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(CONNECTION).build()).build()) {
            client.start();
            SimpleHttpRequest get = SimpleRequestBuilder.get("http://" + host + ":" + port + "/index.html").build();
            SimpleHttpResponse response = client.execute(get, null).get(10, TimeUnit.SECONDS);
            return response.getCode() + " " + response.getBodyText().trim();
        }
    }

    /** A query through a HikariCP pool over MariaDB Connector/J, the pool failing fast when it cannot start. */
    static String hikari(String host, int port) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:mariadb://" + host + ":" + port + "/?user=root&connectTimeout=1500&socketTimeout=3000");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(3000);
        config.setInitializationFailTimeout(1);
        try (HikariDataSource pool = new HikariDataSource(config);
             Connection c = pool.getConnection();
             ResultSet r = c.createStatement().executeQuery("SELECT 6 * 7")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * A SET and a GET with Vert.x's Redis client on its defaults (it says HELLO first, and fails
     * the connection when HELLO fails); only the connect timeout is the application's.
     */
    static String vertx(String host, int port) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://" + host + ":" + port)
                    .setNetClientOptions(new NetClientOptions().setConnectTimeout(1500)));
            RedisAPI redis = RedisAPI.api(client);
            redis.set(List.of("agent-key", "agent-value")).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            return redis.get("agent-key").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toString();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}

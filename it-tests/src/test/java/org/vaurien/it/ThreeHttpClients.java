package org.vaurien.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The three HTTP clients an application is likely to use, each on its defaults but for its
 * timeouts, asked for one URL. What the application sees is told as
 * {@code STATUS BODY-LENGTH [type=...] [retry-after=...]}, or as the exception's class and
 * message, so that a test can say what each client makes of a fault.
 */
final class ThreeHttpClients {
    /** Each client's read timeout (java.net.http's: until the response's head). */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final HttpClient JDK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(TIMEOUT).build();
    private static final OkHttpClient OK = new OkHttpClient.Builder().connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();

    private ThreeHttpClients() {
    }

    /** java.net.http's answer. */
    static String jdk(String url) {
        try {
            HttpResponse<byte[]> r = JDK.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return told(r.statusCode(), r.body().length, r.headers().firstValue("content-type").orElse(null),
                    r.headers().firstValue("retry-after").orElse(null));
        } catch (IOException e) {
            return failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(e);
        }
    }

    /** OkHttp's (which follows redirects and retries a failed connection on its own, by default). */
    static String okhttp(String url) {
        try (Response r = OK.newCall(new Request.Builder().url(url).build()).execute()) {
            byte[] body = r.body().bytes();
            return told(r.code(), body.length, r.header("Content-Type"), r.header("Retry-After"));
        } catch (IOException | RuntimeException e) {
            return failure(e);
        }
    }

    /** Apache HttpClient 5's classic client on its default retry strategy. */
    static String apache(String url) {
        return apache(url, null);
    }

    /** The same with another retry strategy (null: the default, one retry of a 429 or 503). */
    static String apache(String url, HttpRequestRetryStrategy retries) {
        ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(Timeout.of(TIMEOUT))
                .setSocketTimeout(Timeout.of(TIMEOUT)).build();
        var builder = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(TIMEOUT)).build())
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setDefaultConnectionConfig(connection).build());
        if (retries != null) {
            builder.setRetryStrategy(retries);
        }
        try (CloseableHttpClient client = builder.build()) {
            return client.execute(new HttpGet(url), r -> {
                byte[] body = EntityUtils.toByteArray(r.getEntity());
                Header type = r.getFirstHeader("Content-Type");
                Header retry = r.getFirstHeader("Retry-After");
                return told(r.getCode(), body.length, type == null ? null : type.getValue(), retry == null ? null : retry.getValue());
            });
        } catch (IOException | RuntimeException e) {
            return failure(e);
        }
    }

    private static String told(int status, int length, String type, String retryAfter) {
        return status + " " + length + (type == null ? "" : " type=" + type) + (retryAfter == null ? "" : " retry-after=" + retryAfter);
    }

    private static String failure(Exception e) {
        return e.getClass().getName() + ": " + e.getMessage();
    }
}

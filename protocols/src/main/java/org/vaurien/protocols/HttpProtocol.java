package org.vaurien.protocols;

import java.util.List;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.SocketPolicy;

/**
 * HTTP/1.0 and 1.1: requests and responses framed by Content-Length, chunks or the end of the
 * connection, HEAD, 1xx, 204 and 304; keep-alive and pipelining kept. Its error is a real 5xx
 * response.
 */
public final class HttpProtocol implements Protocol {
    static final Option<Boolean> KEEP_ALIVE = Option.bool("keep_alive",
            "keep client connections open between requests; false: close after each response", true);
    static final Option<Boolean> REUSE_SOCKET = Option.bool("reuse_socket",
            "when a client leaves, keep its idle backend connection for the next client", false);
    static final Option<Boolean> OVERWRITE_HOST = Option.bool("overwrite_host_header",
            "rewrite the Host header of each request to the backend's host:port", true);
    static final Option<Integer> ERROR = Option.integer("error",
            "status of the injected error (e.g. 503, or 429); 0 picks 500, 502, 503 or 504 at random", 0, 0, 599);

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String description() {
        return "HTTP/1.x; each request and its response are an exchange; the error is a 5xx";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(KEEP_ALIVE, REUSE_SOCKET, OVERWRITE_HOST, ERROR);
    }

    @Override
    public void check(Options options) {
        int status = options.get(ERROR);
        if (status != 0 && status < 400) {
            throw new BadInputException("protocol 'http', option 'error': " + status
                    + " is not an error status (400 to 599, or 0)");
        }
    }

    /** {@code method}, {@code path}, {@code query}, {@code host} and {@code header:NAME}. */
    @Override
    public List<String> matchFields() {
        return List.of("method", "path", "query", "host", "header");
    }

    @Override
    public Conversation open(Options options, Context context) {
        int status = options.get(ERROR);
        String host = options.get(OVERWRITE_HOST)
                ? hostHeader(context.backendHost(), context.backendPort()) : null;
        return new HttpConversation(options.get(KEEP_ALIVE), host, status, context);
    }

    @Override
    public SocketPolicy socketPolicy(Options options) {
        return new SocketPolicy(false, options.get(REUSE_SOCKET));
    }

    private static String hostHeader(String host, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == 80 ? h : h + ":" + port;
    }
}

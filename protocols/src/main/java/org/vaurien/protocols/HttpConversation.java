package org.vaurien.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.random.RandomGenerator;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/** One HTTP connection: the requests sent to the backend, in order, so responses can be framed. */
final class HttpConversation extends FramedConversation {
    /** What a response needs to know of its request. */
    record Sent(boolean head, boolean connect) {
        static final Sent PLAIN = new Sent(false, false);
        static final Sent HEAD = new Sent(true, false);
        static final Sent CONNECT = new Sent(false, true);
    }

    private static final int[] STATUSES = {500, 502, 503, 504};

    final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final HttpRequestFramer requests;
    private final HttpResponseFramer responses;
    private final int errorStatus;
    private final RandomGenerator random;

    /** @param errorStatus the error's status; 0 for one of 500, 502, 503, 504 drawn from {@code random} */
    HttpConversation(boolean keepAlive, String hostHeader, int errorStatus, Protocol.Context context) {
        super(context);
        this.requests = new HttpRequestFramer(this, hostHeader);
        this.responses = new HttpResponseFramer(this, keepAlive);
        this.errorStatus = errorStatus;
        this.random = context.random();
        framedBy(requests, responses);
    }

    /** A short, complete 5xx response; the connection closes after it, as it says. */
    @Override
    public Reply error() {
        int status = errorStatus != 0 ? errorStatus : STATUSES[random.nextInt(STATUSES.length)];
        String reason = reason(status);
        String body = "Vaurien injected this error: " + status + " " + reason + "\n";
        String head = (requests.http10() ? "HTTP/1.0 " : "HTTP/1.1 ") + status + " " + reason + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        String text = requests.lastWasHead() ? head : head + body;
        return Reply.of(text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    static String reason(int status) {
        switch (status) {
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            case 507: return "Insufficient Storage";
            case 508: return "Loop Detected";
            case 511: return "Network Authentication Required";
            default: return "Server Error";
        }
    }
}

package org.vaurien.protocols;

import java.util.ArrayDeque;
import java.util.List;
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
        String body = "Vaurien injected this error: " + status + " " + HttpResponses.reason(status) + "\n";
        return HttpResponses.complete(requests, status, List.of(), body, "text/plain; charset=utf-8", true);
    }
}

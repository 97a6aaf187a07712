package org.vaurien.protocols;

import java.nio.ByteBuffer;

/** Frames HTTP responses, each against the request it answers (HEAD, CONNECT). */
final class HttpResponseFramer extends HttpMessageFramer {
    private final HttpConversation conversation;
    private final boolean keepAlive;
    private int status;

    HttpResponseFramer(HttpConversation conversation, boolean keepAlive) {
        super(conversation);
        this.conversation = conversation;
        this.keepAlive = keepAlive;
    }

    @Override
    protected boolean startLine(Line start) {
        if (!start.startsWithIgnoreCase("HTTP/") || start.length() < 12 || start.at(8) != ' ') {
            notHttp("a status line that is not HTTP/x.y CODE REASON");
            return false;
        }
        status = (int) start.number(9);
        if (status < 100 || status > 999) {
            notHttp("a status code that is not three digits");
            return false;
        }
        return true;
    }

    @Override
    protected Step headersDone(ByteBuffer in) {
        HttpConversation.Sent request = conversation.sent.isEmpty() ? HttpConversation.Sent.PLAIN
                : conversation.sent.peek();
        if (status == 101) {
            return expectedSwitch("the connection was upgraded (101 Switching Protocols) and goes on as tcp");
        }
        if (status < 200) {
            return interim();
        }
        if (request.connect() && status < 300) {
            return expectedSwitch("a CONNECT tunnel was opened and goes on as tcp");
        }
        if (request.head() || status == 204 || status == 304) {
            return end();
        }
        return body(true);
    }

    @Override
    protected void messageEnded() {
        conversation.sent.poll();
    }

    @Override
    public boolean closesAfter() {
        return !keepAlive;
    }
}

package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Frames HTTP requests; rewrites their Host header when asked to. */
final class HttpRequestFramer extends HttpMessageFramer {
    private final HttpConversation conversation;
    private final byte[] hostHeader;
    private boolean first = true;
    private boolean tls;
    /** The message's first byte can start no request line: not HTTP, said at once. */
    private boolean noMethod;
    private boolean dropped;
    /** The request was counted in the conversation before it was decided (no body: its head is all of it). */
    private boolean counted;
    private boolean head;
    private boolean connect;
    /** The request's start line and header lines, '\n' after each, kept for a matcher (parsed only when asked). */
    private byte[] headText = new byte[512];
    private int headLength;
    private static final int HEAD_TEXT_MAX = 16 * 1024;

    HttpRequestFramer(HttpConversation conversation, String hostHeader) {
        super(conversation);
        this.conversation = conversation;
        this.hostHeader = hostHeader == null ? null : hostHeader.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public Kind begin(ByteBuffer in) {
        dropped = false;
        counted = false;
        tls = first && Tls.startsHandshake(in);
        first = false;
        byte b = in.get(in.position());
        noMethod = !tls && !isToken(b) && b != '\r' && b != '\n';
        return tls || noMethod ? Kind.PASS : Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (tls) {
            return expectedSwitch(Tls.REASON);
        }
        if (noMethod) {
            // no server waits for more of a request that cannot be one: nor is it held here
            return notHttp("a request that does not start with a method");
        }
        return super.scan(in);
    }

    @Override
    public void dropped() {
        dropped = true;
        if (counted) {
            conversation.sent.pollLast();
            counted = false;
        }
    }

    @Override
    protected boolean startLine(Line start) {
        int sp1 = start.indexOf(' ', 0);
        int sp2 = sp1 < 0 ? -1 : start.indexOf(' ', sp1 + 1);
        if (sp1 > 0 && sp2 < 0) {
            // GET /path with no version: HTTP/0.9, answered by a body and a close
            expectedSwitch("an HTTP/0.9 request (no version), passed through as tcp");
            return false;
        }
        if (sp1 <= 0 || sp2 < 0 || !start.regionMatchesIgnoreCase(sp2 + 1, "HTTP/")) {
            notHttp("a request line that is not METHOD TARGET HTTP/x.y");
            return false;
        }
        if (start.regionMatchesIgnoreCase(sp2 + 1, "HTTP/2")) {
            expectedSwitch("the client speaks HTTP/2, which is passed through as tcp");
            return false;
        }
        for (int i = 0; i < sp1; i++) {
            byte b = start.at(i);
            if (!isToken(b)) {
                notHttp("a request method with a byte that is not a token character");
                return false;
            }
        }
        headLength = 0;
        keep(start);
        head = sp1 == 4 && start.startsWithIgnoreCase("HEAD");
        connect = sp1 == 7 && start.startsWithIgnoreCase("CONNECT");
        return true;
    }

    @Override
    protected Step headersDone(ByteBuffer in) {
        if (!dropped) {
            conversation.sent.add(head ? HttpConversation.Sent.HEAD
                    : connect ? HttpConversation.Sent.CONNECT : HttpConversation.Sent.PLAIN);
            counted = true;
        }
        return body(false);
    }

    @Override
    protected void headerSeen(int colon) {
        keep(line);
    }

    /** Appends a line to the kept head text, up to its cap (a matcher sees the first 16 KB of a head). */
    private void keep(Line l) {
        int n = l.length();
        if (headLength + n + 1 > HEAD_TEXT_MAX) {
            return;
        }
        if (headLength + n + 1 > headText.length) {
            headText = java.util.Arrays.copyOf(headText, Math.min(HEAD_TEXT_MAX, Math.max(headText.length * 2, headLength + n + 1)));
        }
        for (int i = 0; i < n; i++) {
            headText[headLength++] = l.at(i);
        }
        headText[headLength++] = '\n';
    }

    /** With a body to come, the head is decided (and, held, rewritten) as soon as it is complete. */
    @Override
    protected Step bodyStarts() {
        return Step.HEAD;
    }

    /** A request is decided once its head is read: a matcher sees its method, target and headers. */
    @Override
    public boolean decidesAtHead() {
        return true;
    }

    /** The match fields, and for the proxy's own responses {@code target} (as written) and {@code version}. */
    @Override
    public String field(String name) {
        if (headLength == 0) {
            return null;
        }
        String[] lines = new String(headText, 0, headLength, StandardCharsets.ISO_8859_1).split("\n");
        String[] start = lines[0].strip().split(" ");
        if (start.length < 2) {
            return null;
        }
        String target = start[1];
        int scheme = target.indexOf("://");
        if (scheme > 0) {
            int slash = target.indexOf('/', scheme + 3);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int q = target.indexOf('?');
        switch (name) {
            case "method":
                return start[0];
            case "target":
                return start[1];
            case "version":
                return start.length > 2 ? start[2] : null;
            case "path":
                return q < 0 ? target : target.substring(0, q);
            case "query":
                return q < 0 ? "" : target.substring(q + 1);
            case "host":
                return header(lines, "host");
            default:
                return name.startsWith("header:") ? header(lines, name.substring("header:".length())) : null;
        }
    }

    /** The first header named {@code name} (any case), trimmed; null when there is none. */
    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase(name)) {
                return lines[i].substring(colon + 1).strip();
            }
        }
        return null;
    }

    @Override
    public boolean rewritesHeads() {
        return hostHeader != null;
    }

    /** The same head with the Host field's value replaced by the backend's. */
    @Override
    public ByteBuffer rewriteHead(ByteBuffer original) {
        int start = 0;
        int n = original.limit();
        while (start < n) {
            int end = start;
            while (end < n && original.get(end) != '\n') {
                end++;
            }
            if (isHost(original, start, end)) {
                int valueEnd = end > start && original.get(end - 1) == '\r' ? end - 1 : end;
                byte[] out = new byte[n - (valueEnd - start) + 6 + hostHeader.length];
                original.get(0, out, 0, start);
                int p = start;
                for (byte b : "Host: ".getBytes(StandardCharsets.ISO_8859_1)) {
                    out[p++] = b;
                }
                System.arraycopy(hostHeader, 0, out, p, hostHeader.length);
                p += hostHeader.length;
                original.get(valueEnd, out, p, n - valueEnd);
                return ByteBuffer.wrap(out);
            }
            start = end + 1;
        }
        return original;
    }

    private static boolean isHost(ByteBuffer b, int start, int end) {
        String name = "host:";
        if (end - start < name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = b.get(start + i);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A byte of an HTTP token (a method): letters, digits and !#$%&'*+-.^_`|~. */
    static boolean isToken(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}

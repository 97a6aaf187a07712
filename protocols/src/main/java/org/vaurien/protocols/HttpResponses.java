package org.vaurien.protocols;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vaurien.BadInputException;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Reply;

/**
 * The responses the proxy makes itself (the protocol's error, the {@code http_*} behaviors'),
 * shaped after the request they answer: its HTTP version, no body for HEAD, 204 or 304.
 */
final class HttpResponses {
    private HttpResponses() {
    }

    /**
     * A complete response with a Content-Length. HTTP/1.0 requests and {@code close} get
     * {@code Connection: close} and the connection closes after it.
     */
    static Reply complete(Framer request, int status, List<String> headers, String body, String contentType,
                          boolean close) {
        boolean http10 = "HTTP/1.0".equalsIgnoreCase(request.field("version"));
        boolean closes = close || http10;
        boolean bodiless = status == 204 || status == 304;
        StringBuilder head = new StringBuilder(statusLine(request, status));
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        byte[] bytes = bodiless ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (!bodiless) {
            if (bytes.length > 0 && contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        if (closes) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        boolean headOnly = "HEAD".equalsIgnoreCase(request.field("method"));
        return Reply.of(headOnly ? h : concat(h, bytes), closes);
    }

    /** Exactly {@code text} (a head that does not parse, a head without a body), then the connection closes. */
    static Reply raw(String text) {
        return Reply.of(text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /** {@code HTTP/1.1 429 Too Many Requests\r\n}, in the request's version. */
    static String statusLine(Framer request, int status) {
        String version = "HTTP/1.0".equalsIgnoreCase(request.field("version")) ? "HTTP/1.0" : "HTTP/1.1";
        return version + " " + status + " " + reason(status) + "\r\n";
    }

    /**
     * Header lines written {@code Name: value | Name: value}; a line that is not one, or one
     * that the response sets itself (Content-Length, Connection), is refused naming the option.
     */
    static List<String> headerLines(String behavior, String option, String text) {
        List<String> lines = new ArrayList<>();
        for (String part : oneLine(behavior, option, text).split("\\|")) {
            String line = part.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).strip() : "";
            if (name.isEmpty() || !name.chars().allMatch(c -> c < 128 && HttpRequestFramer.isToken((byte) c))) {
                throw new BadInputException("behavior '" + behavior + "', option '" + option + "': '" + line
                        + "' is not a header line (Name: value; several are separated by |)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("connection") || lower.equals("transfer-encoding")) {
                throw new BadInputException("behavior '" + behavior + "', option '" + option + "': " + name
                        + " is set by the response itself (from the body, and close = true for Connection: close)");
            }
            lines.add(name + ": " + line.substring(colon + 1).strip());
        }
        return lines;
    }

    /** Refuses a value with a line break, which would end the header it goes in. */
    static String oneLine(String behavior, String option, String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new BadInputException("behavior '" + behavior + "', option '" + option
                    + "': a header's value cannot hold a line break");
        }
        return text;
    }

    /** A body's type when none was given: JSON when it looks like JSON, else plain text. */
    static String contentType(String given, String body) {
        if (!given.isEmpty()) {
            return given;
        }
        String b = body.strip();
        return b.startsWith("{") || b.startsWith("[") ? "application/json" : "text/plain; charset=utf-8";
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 201: return "Created";
            case 202: return "Accepted";
            case 204: return "No Content";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 303: return "See Other";
            case 304: return "Not Modified";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 425: return "Too Early";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            case 507: return "Insufficient Storage";
            case 508: return "Loop Detected";
            case 511: return "Network Authentication Required";
            default: return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status " + status;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

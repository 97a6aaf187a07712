package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vaurien.FaultRecord;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * A fault log recorded under a seeded mix through {@code --protocol http} in front of nginx,
 * played back with {@code --replay} against the same traffic: the client's transcript is the
 * same, byte for byte (the Date header masked); against less traffic, the replay says which
 * recorded faults found no place.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultReplayTest {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private static final Pattern DATE = Pattern.compile("(?im)^date: .*$");
    private static ServerProcess nginx;

    @BeforeAll
    static void start() throws IOException {
        Path root = Files.createTempDirectory("www");
        for (int i = 0; i < 5; i++) {
            Files.writeString(root.resolve("page" + i + ".html"), ("<p>page " + i + "</p>\n").repeat(20 + i * 50));
        }
        nginx = ServerProcess.nginx(root);
    }

    @AfterAll
    static void stop() {
        nginx.close();
    }

    @Test
    void aRecordedRunReplaysToAByteIdenticalTranscript(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("faults.jsonl");
        String recorded;
        try (VaurienProcess v = VaurienProcess.proxy(nginx.port(), "http", "--behavior", "30:error,10:delay",
                "--behavior-delay-sleep", "0.05", "--seed", "42", "--fault-log", log.toString())) {
            recorded = transcript(v.port(), 12, 4);
        }
        List<String> faults = Files.readAllLines(log);
        assertTrue(faults.size() > 5 && recorded.contains(" 200 OK") && recorded.contains("HTTP/1.1 5"),
                faults.size() + " faults; " + recorded);
        assertTrue(faults.stream().anyMatch(f -> f.contains("\"behavior\":\"delay\"")), "a delay was recorded");
        assertTrue(faults.get(0).contains("\"seed\":42") && faults.get(0).contains("\"client\":\"127.0.0.1:"), faults.get(0));

        String replayed;
        VaurienProcess v = VaurienProcess.proxy(nginx.port(), "http", "--replay", log.toString());
        try {
            replayed = transcript(v.port(), 12, 4);
        } finally {
            v.close();
        }
        assertEquals(recorded, replayed);
        assertTrue(waitForOutput(v, "replay of "), v.output());
        assertTrue(v.output().contains(faults.size() + " of " + faults.size() + " recorded faults found their place"), v.output());

        VaurienProcess fewer = VaurienProcess.proxy(nginx.port(), "http", "--replay", log.toString());
        try {
            transcript(fewer.port(), 3, 4);
        } finally {
            fewer.close();
        }
        assertTrue(waitForOutput(fewer, "replay of "), fewer.output());
        long onTheFirstThree = faults.stream().filter(f -> JsonParser.parseString(f).getAsJsonObject().get("connection").getAsLong() <= 3).count();
        assertTrue(onTheFirstThree < faults.size(), "the log has faults past the third connection");
        assertTrue(fewer.output().contains(onTheFirstThree + " of " + faults.size() + " recorded faults found their place;"
                + " these found none (the traffic differs): default connection "), fewer.output());
    }

    @Test
    void theJavaApiRecordsAndReplaysToo(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("java.jsonl");
        String recorded;
        List<FaultRecord> told = new CopyOnWriteArrayList<>();
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1:" + nginx.port()).protocol("http")
                .behavior("40:error").seed(11).faultLog(log).start()) {
            p.onFault(told::add);
            recorded = transcript(p.port(), 8, 3);
            assertTrue(p.exchanges() >= 8, "exchanges counted: " + p.exchanges());
        }
        assertTrue(recorded.contains("HTTP/1.1 5") && recorded.contains(" 200 OK"), recorded);
        assertEquals(told.size(), Files.readAllLines(log).size(), "the listener and the log saw the same faults");
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1:" + nginx.port()).protocol("http").replay(log).start()) {
            assertEquals(recorded, transcript(p.port(), 8, 3));
        }
    }

    /** A behavior's own response names the behavior and its options in the log; the replay configures it again from them. */
    @Test
    void behaviorsOwnResponsesAreReplayed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("http.jsonl");
        String recorded;
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1:" + nginx.port()).protocol("http")
                .behavior("30:http_status,20:http_redirect").behaviorOption("http_status", "status", 429)
                .behaviorOption("http_status", "headers", "Retry-After: 3").seed(12).faultLog(log).start()) {
            recorded = transcript(p.port(), 6, 3);
        }
        assertTrue(recorded.contains("HTTP/1.1 429 Too Many Requests") && recorded.contains("Retry-After: 3")
                && recorded.contains("HTTP/1.1 302 Found") && recorded.contains(" 200 OK"), recorded);
        assertTrue(Files.readString(log).contains("\"effect\":\"respond\""), Files.readString(log));
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1:" + nginx.port()).protocol("http").replay(log).start()) {
            assertEquals(recorded, transcript(p.port(), 6, 3));
        }
    }

    /** {@code connections} connections one after the other, each asking for {@code requests} pages, all answers written down. */
    static String transcript(int port, int connections, int requests) throws IOException {
        StringBuilder t = new StringBuilder();
        for (int c = 0; c < connections; c++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int r = 0; r < requests; r++) {
                    t.append("#").append(c).append('.').append(r).append('\n');
                    out.write(("GET /page" + (c + r) % 5 + ".html HTTP/1.1\r\nHost: replay\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    String answer = answer(in);
                    t.append(answer).append('\n');
                    if (answer.startsWith("[")) {
                        break;
                    }
                }
            } catch (IOException e) {
                t.append("[").append(e.getClass().getSimpleName()).append("]\n");
            }
        }
        return t.toString();
    }

    /** One response, head and body (Content-Length), or what happened instead in brackets. */
    private static String answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.size() == 0 ? "[closed]" : "[closed in the head: " + head.toString(StandardCharsets.ISO_8859_1) + "]";
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            Matcher m = CONTENT_LENGTH.matcher(text);
            byte[] body = in.readNBytes(m.find() ? Integer.parseInt(m.group(1)) : 0);
            return DATE.matcher(text).replaceAll("Date: (masked)") + new String(body, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "[no answer in 5 s]";
        }
    }

    static boolean waitForOutput(VaurienProcess v, String text) throws InterruptedException {
        for (int i = 0; i < 250 && !v.output().contains(text); i++) {
            Thread.sleep(20);
        }
        return v.output().contains(text);
    }
}

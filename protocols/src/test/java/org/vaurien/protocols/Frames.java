package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/**
 * Runs framers the way the engine does (begin at a message's first byte, scan, END) over bytes
 * cut into reads anywhere, and writes what they found as text: one entry per message,
 * "PASS " in front of messages that are not exchanges, "HS " in front of the handshake steps
 * that pass undrawn (told at the head's end), "HEAD|" where a head ended, and
 * "SWITCH(reason) rest" when the framer gave up.
 */
final class Frames {
    private Frames() {
    }

    static Conversation open(Protocol p, String... options) {
        Map<String, String> text = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            text.put(options[i], options[i + 1]);
        }
        Options o = Options.parse("protocol", p.options(), text);
        p.check(o);
        return p.open(o, new Protocol.Context() {
            @Override
            public String backendHost() {
                return "backend.test";
            }

            @Override
            public int backendPort() {
                return 8080;
            }

            @Override
            public RandomGenerator random() {
                return new SplittableRandom(7);
            }

            @Override
            public boolean reserve(long bytes) {
                return true;
            }
        });
    }

    /** What a framer finds in {@code bytes} read in pieces ending at {@code cuts}. */
    static List<String> frame(Framer framer, byte[] bytes, int... cuts) {
        List<String> found = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inMessage = false;
        boolean told = false;
        boolean switched = false;
        int start = 0;
        List<Integer> ends = new ArrayList<>();
        for (int c : cuts) {
            ends.add(Math.min(c, bytes.length));
        }
        ends.add(bytes.length);
        for (int end : ends) {
            if (end <= start) {
                continue;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start).slice();
            while (in.hasRemaining()) {
                if (switched) {
                    current.append(text(in, in.position(), in.limit()));
                    in.position(in.limit());
                    break;
                }
                if (!inMessage) {
                    inMessage = true;
                    told = false;
                    if (framer.begin(in) == Framer.Kind.PASS) {
                        current.append("PASS ");
                    }
                }
                int from = in.position();
                Framer.Step step = framer.scan(in);
                current.append(text(in, from, in.position()));
                if ((step == Framer.Step.HEAD || step == Framer.Step.END) && !told) {
                    told = true;
                    if (framer.isHandshake()) {
                        current.insert(0, "HS ");
                    }
                }
                if (step == Framer.Step.HEAD) {
                    current.append("HEAD|");
                } else if (step == Framer.Step.END) {
                    found.add(current.toString());
                    current.setLength(0);
                    inMessage = false;
                } else if (step.isSwitch()) {
                    current.append("SWITCH(").append(step.expected() ? "expected" : step.reason()).append(") ");
                    switched = true;
                }
            }
            start = end;
        }
        if (current.length() > 0) {
            found.add(current + "...");
        }
        return found;
    }

    private static String text(ByteBuffer in, int from, int to) {
        byte[] b = new byte[to - from];
        in.get(from, b, 0, b.length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks that a conversation finds the same messages whatever the reads: whole, cut in two
     * at every byte, and one byte at a time. Requests are read before responses.
     */
    static void sameEverywhere(Supplier<Conversation> conversation, String requests, String responses,
                               List<String> expectedRequests, List<String> expectedResponses) {
        byte[] req = requests.getBytes(StandardCharsets.ISO_8859_1);
        byte[] res = responses.getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= Math.max(req.length, res.length); cut++) {
            Conversation c = conversation.get();
            assertEquals(expectedRequests, frame(c.requests(), req, cut), "requests cut at " + cut);
            assertEquals(expectedResponses, frame(c.responses(), res, cut), "responses cut at " + cut);
        }
        Conversation c = conversation.get();
        assertEquals(expectedRequests, frame(c.requests(), req, everyByte(req.length)), "requests byte by byte");
        assertEquals(expectedResponses, frame(c.responses(), res, everyByte(res.length)), "responses byte by byte");
    }

    static int[] everyByte(int n) {
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = i;
        }
        return cuts;
    }
}

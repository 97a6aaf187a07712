package org.vaurien.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the reliability cases measured of the proxy's process, as a Markdown table (target/reliability.md). */
final class Figures {
    /** The process before a case: its peak memory so far, its descriptors and threads. */
    record Before(long peakKb, long rssKb, int descriptors, int threads) {
        /** How much the peak resident memory grew since, in MB. */
        long growthMb(VaurienProcess v) {
            return (v.memoryKb("VmHWM") - peakKb) / 1024;
        }
    }

    private final List<String> rows = new ArrayList<>();

    static Before before(VaurienProcess v) {
        return new Before(v.memoryKb("VmHWM"), v.memoryKb("VmRSS"), v.descriptors(), v.threads());
    }

    synchronized void add(String what, VaurienProcess v, Before b) {
        rows.add(String.format("| %s | %.1f | %.1f | %d -> %d | %d -> %d |", what, b.rssKb() / 1024.0,
                v.memoryKb("VmHWM") / 1024.0, b.descriptors(), v.descriptors(), b.threads(), v.threads()));
    }

    synchronized void write() throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> out = new ArrayList<>(List.of((ReliabilityTest.LONG ? "Long" : "Short") + " form.", "",
                "| case | RSS before (MB) | peak RSS (MB) | descriptors | threads |", "|---|---:|---:|---|---|"));
        out.addAll(rows);
        Files.write(Path.of("target", "reliability.md"), out);
    }
}

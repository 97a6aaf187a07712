package org.vaurien.experiments;

import java.time.Duration;

/** Times as experiment files and reports write them: 500ms, 10s, 1.5s, 2m. */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format("%.1fs", ms / 1000.0);
    }
}

package org.vaurien.behaviors;

import org.vaurien.CommonOptions;
import org.vaurien.Option;

/** What stream behaviors share: Toxiproxy's default direction (downstream). */
final class StreamDefaults {
    static final Option<String> DIRECTION = CommonOptions.DIRECTION.withDefault("downstream");

    private StreamDefaults() {
    }

    static long millis(long ms) {
        return ms * 1_000_000L;
    }
}

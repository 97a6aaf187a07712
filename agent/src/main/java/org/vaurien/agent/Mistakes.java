package org.vaurien.agent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vaurien.BadInputException;

/**
 * The mistakes of a config, gathered as it is read rather than stopping at the first: a user
 * fixing a file learns of every line at fault in one start, not one per start.
 */
final class Mistakes {
    /** A check that throws {@link BadInputException} for a mistake. */
    @FunctionalInterface
    interface Check {
        void run();
    }

    private final List<String> found = new ArrayList<>();

    /** Runs {@code check}; its mistake, if any, is kept with {@code where} ("chaos.ini:3") in front. */
    boolean check(String where, Check check) {
        try {
            check.run();
            return true;
        } catch (BadInputException e) {
            found.add(where == null ? e.getMessage() : e.at(where).getMessage());
            return false;
        }
    }

    void add(String message) {
        found.add(message);
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** Every mistake, one a line in the order of the file's lines, as one BadInputException; nothing when there is none. */
    void throwIfAny(String source) {
        if (found.size() == 1) {
            throw new BadInputException(found.get(0));
        }
        if (found.size() > 1) {
            List<String> byLine = new ArrayList<>(found);
            byLine.sort(Comparator.comparingInt(m -> line(source, m)));
            throw new BadInputException(found.size() + " mistakes in " + source + ":\n  " + String.join("\n  ", byLine));
        }
    }

    /** The line a mistake names ("chaos.ini:12: ..."), or 0 when it names none. */
    private static int line(String source, String mistake) {
        if (!mistake.startsWith(source + ":")) {
            return 0;
        }
        String rest = mistake.substring(source.length() + 1);
        int end = rest.indexOf(':');
        try {
            return end < 0 ? 0 : Integer.parseInt(rest.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

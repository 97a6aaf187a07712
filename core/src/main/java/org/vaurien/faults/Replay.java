package org.vaurien.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vaurien.BadInputException;
import org.vaurien.FaultRecord;
import org.vaurien.config.Registry;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Phase;

/**
 * A fault log played back: the faults it recorded, each on the same proxy, connection ordinal
 * and exchange number as when it was recorded, and nothing else. With the same traffic, a run
 * gets the same faults; where the traffic differs, {@link #unplaced()} says which recorded
 * faults found no place.
 */
public final class Replay {
    /** A recorded fault and whether it found its place again. */
    public static final class Entry {
        private final FaultRecord record;
        private final AtomicBoolean placed = new AtomicBoolean();

        Entry(FaultRecord record) {
            this.record = record;
        }

        public FaultRecord record() {
            return record;
        }

        /** Marks it placed; false when it already was (each recorded fault acts once). */
        public boolean place() {
            return placed.compareAndSet(false, true);
        }

        /** The injection it recorded (not for a stream behavior's record, which names a behavior and its options). */
        public Injection injection() {
            return Injection.fromRecord(record.effect(), Phase.valueOf(record.phase().toUpperCase(Locale.ROOT)),
                    record.parameters());
        }

        public boolean isStream() {
            return record.phase().equals("stream");
        }

        /**
         * Whether the record names a behavior and its options rather than an effect a replay can
         * rebuild alone: a stream behavior's, or a behavior's own response ({@code respond}).
         */
        public boolean namesBehavior() {
            return isStream() || record.effect().equals("respond");
        }
    }

    private final Path file;
    private final List<Entry> entries;
    /** proxy, then connection, then exchange (0: the connection itself; connect faults under their connect's number). */
    private final Map<String, Map<Long, Map<Long, List<Entry>>>> index = new HashMap<>();

    private Replay(Path file, List<Entry> entries, String renamed) {
        this.file = file;
        this.entries = entries;
        for (Entry e : entries) {
            FaultRecord r = e.record;
            index.computeIfAbsent(renamed != null ? renamed : r.proxy(), p -> new HashMap<>()).computeIfAbsent(r.connection(), c -> new HashMap<>())
                    .computeIfAbsent(r.exchange(), x -> new ArrayList<>()).add(e);
        }
    }

    /** Reads a fault log; a line that is not a fault record is a BadInputException naming the file and line. */
    public static Replay load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("replay: fault log " + file + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("replay: cannot read fault log " + file + ": " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                Entry e = new Entry(FaultJson.parse(lines.get(i)));
                if (!e.namesBehavior()) {
                    e.injection();
                }
                entries.add(e);
            } catch (BadInputException | IllegalArgumentException e) {
                throw new BadInputException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Replay(file, entries, null);
    }

    /**
     * The same faults for a proxy of another name: a log recorded by one proxy, played back by
     * a proxy of the Java API, whose names are its own.
     */
    public Replay as(String proxy) {
        if (index.size() > 1) {
            throw new BadInputException("replay: " + file + " recorded several proxies (" + String.join(", ", index.keySet())
                    + "): play it back with proxies of the same names");
        }
        return new Replay(file, entries, proxy);
    }

    /** Checks that every behavior the log names is known here; a replay cannot put back a behavior it has not got. */
    public Replay check(Registry registry) {
        for (Entry e : entries) {
            if (!registry.hasBehavior(e.record.behavior())) {
                throw new BadInputException("replay: " + file + " names behavior '" + e.record.behavior()
                        + "', which is not loaded here");
            }
        }
        return this;
    }

    /** The seed of the run that was recorded, so that what the proxy makes up (an error's status) is the same. */
    public Long seed() {
        for (Entry e : entries) {
            if (e.record.seed() != null) {
                return e.record.seed();
            }
        }
        return null;
    }

    /** The recorded faults of one exchange (or of the connection itself, exchange 0; or of a connect). */
    public List<Entry> at(String proxy, long connection, long exchange) {
        return index.getOrDefault(proxy, Map.of()).getOrDefault(connection, Map.of()).getOrDefault(exchange, List.of());
    }

    public boolean knows(String proxy) {
        return index.containsKey(proxy);
    }

    /** The recorded faults that found no place in this run. */
    public List<FaultRecord> unplaced() {
        List<FaultRecord> left = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.placed.get()) {
                left.add(e.record);
            }
        }
        return left;
    }

    /** One paragraph for the log: how many found their place, and which did not. */
    public String summary() {
        List<FaultRecord> left = unplaced();
        StringBuilder s = new StringBuilder("replay of " + file + ": " + (entries.size() - left.size()) + " of "
                + entries.size() + " recorded faults found their place");
        if (!left.isEmpty()) {
            Map<String, Integer> shown = new LinkedHashMap<>();
            s.append("; these found none (the traffic differs): ");
            for (FaultRecord r : left) {
                String at = r.proxy() + " connection " + r.connection() + (r.exchange() > 0 ? " exchange " + r.exchange() : "")
                        + " (" + r.effect() + ")";
                if (shown.size() < 20) {
                    shown.merge(at, 1, Integer::sum);
                }
            }
            s.append(String.join(", ", shown.keySet())).append(left.size() > 20 ? ", ..." : "");
        }
        return s.toString();
    }

    public Path file() {
        return file;
    }
}

package org.vaurien.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vaurien.BadInputException;

/**
 * An INI file as Vaurien's config used it: {@code [section]}, {@code key = value} (or
 * {@code key: value}), comments with {@code #} or {@code ;}, indented continuation lines. Every
 * value remembers its line so that mistakes are reported with file and line.
 */
public final class Ini {
    /** A value and where it was written. */
    public record Value(String text, int line) {
    }

    /** A section with its keys in file order. */
    public record Section(String name, int line, Map<String, Value> values) {
    }

    private final String file;
    private final List<Section> sections;

    private Ini(String file, List<Section> sections) {
        this.file = file;
        this.sections = sections;
    }

    public static Ini read(Path path) {
        try {
            return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BadInputException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("cannot read config file " + path + ": " + e.getMessage());
        }
    }

    public static Ini parse(String file, String text) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String lastKey = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && current != null && lastKey != null) {
                Value previous = current.values().get(lastKey);
                current.values().put(lastKey, new Value(previous.text() + "\n" + line, previous.line()));
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new BadInputException(file + ":" + number + ": '" + line + "' is not a [section] line");
                }
                String name = line.substring(1, line.length() - 1).strip();
                for (Section s : sections) {
                    if (s.name().equals(name)) {
                        throw new BadInputException(file + ":" + number + ": section [" + name
                                + "] appears twice (first at line " + s.line() + ")");
                    }
                }
                current = new Section(name, number, new LinkedHashMap<>());
                sections.add(current);
                lastKey = null;
                continue;
            }
            int eq = firstSeparator(line);
            if (eq <= 0) {
                throw new BadInputException(file + ":" + number + ": '" + line + "' is not key = value");
            }
            if (current == null) {
                throw new BadInputException(file + ":" + number + ": '" + line + "' comes before any [section]");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('-', '_');
            String value = line.substring(eq + 1).strip();
            if (current.values().containsKey(key)) {
                throw new BadInputException(file + ":" + number + ": key '" + key + "' appears twice in ["
                        + current.name() + "]");
            }
            current.values().put(key, new Value(value, number));
            lastKey = key;
        }
        return new Ini(file, sections);
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    public String file() {
        return file;
    }

    public List<Section> sections() {
        return sections;
    }

    /** "file:line" for a value, for messages. */
    public String where(Value value) {
        return file + ":" + value.line();
    }

    public String where(Section section) {
        return file + ":" + section.line();
    }
}

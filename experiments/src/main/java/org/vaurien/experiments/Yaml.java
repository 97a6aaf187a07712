package org.vaurien.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.vaurien.BadInputException;

/**
 * An experiment file's YAML, read as nodes that know their line: every value is checked as it is
 * taken, and a mistake is a {@link BadInputException} saying file, line and key.
 */
final class Yaml {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB)", Pattern.CASE_INSENSITIVE);

    private final String file;

    private Yaml(String file) {
        this.file = file;
    }

    /** The document's root mapping. */
    static Map.Entry<Yaml, Obj> read(String file, String text) {
        Yaml yaml = new Yaml(file);
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new BadInputException(file + ":" + line + ": not YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new BadInputException(file + ": not YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            throw new BadInputException(file + ": the experiment file is empty");
        }
        return Map.entry(yaml, yaml.obj(root.get(), "the document"));
    }

    BadInputException at(Node node, String message) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        return new BadInputException(file + ":" + line + ": " + message);
    }

    BadInputException atLine(int line, String message) {
        return new BadInputException(file + ":" + line + ": " + message);
    }

    Obj obj(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw at(node, what + " must be a mapping of keys to values");
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            if (keys.put(key, t) != null) {
                throw at(t.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return new Obj(node, what, keys);
    }

    List<Node> list(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw at(node, what + " must be a list");
        }
        return s.getValue();
    }

    String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw at(node, what + " must be a single value");
        }
        return s.getValue();
    }

    Duration duration(Node node, String what) {
        String text = scalar(node, what).trim();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw at(node, what + ": '" + text + "' is not a time (500ms, 10s, 2m, 1h)"
                    + (text.startsWith("-") ? "; times are never negative" : ""));
        }
        double n = Double.parseDouble(m.group(1));
        long unitMs = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        return Duration.ofMillis(Math.round(n * unitMs));
    }

    long size(Node node, String what) {
        String text = scalar(node, what).trim();
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw at(node, what + ": '" + text + "' is not a size (100 B, 100 KB, 10 MB)");
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "B" -> 1;
            case "KB" -> 1000;
            case "MB" -> 1000_000;
            default -> 1000_000_000;
        };
        return Math.round(n * unit);
    }

    long count(Node node, String what) {
        String text = scalar(node, what).trim();
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw at(node, what + ": " + n + " is negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw at(node, what + ": '" + text + "' is not a whole number");
        }
    }

    /** {@code 1%}, {@code 0.5 %} or {@code 0.01}: a share between 0 and 1. */
    double share(Node node, String what) {
        String text = scalar(node, what).trim();
        boolean percent = text.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? text.substring(0, text.length() - 1).trim() : text);
            double share = percent ? v / 100 : v;
            if (!(share >= 0 && share <= 1)) {
                throw at(node, what + ": '" + text + "' is not between 0 % and 100 %");
            }
            return share;
        } catch (NumberFormatException e) {
            throw at(node, what + ": '" + text + "' is not a share (1%, or 0.01)");
        }
    }

    boolean bool(Node node, String what) {
        String text = scalar(node, what).trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "true": case "yes": case "on": return true;
            case "false": case "no": case "off": return false;
            default: throw at(node, what + ": '" + text + "' is not true or false");
        }
    }

    /** A mapping's keys, each taken at most once; {@link #done()} refuses the keys nobody took. */
    final class Obj {
        final Node node;
        private final String what;
        private final Map<String, NodeTuple> keys;
        private final Set<String> known = new TreeSet<>();

        Obj(Node node, String what, Map<String, NodeTuple> keys) {
            this.node = node;
            this.what = what;
            this.keys = keys;
        }

        Node get(String key) {
            known.add(key);
            NodeTuple t = keys.get(key);
            return t == null ? null : t.getValueNode();
        }

        Node need(String key) {
            Node n = get(key);
            if (n == null) {
                throw at(node, what + " needs '" + key + "'");
            }
            return n;
        }

        /** A key's text, or {@code otherwise} when it is not there. */
        String text(String key, String otherwise) {
            Node n = get(key);
            return n == null ? otherwise : scalar(n, key);
        }

        /** A key's time, or {@code otherwise} when it is not there. */
        Duration time(String key, Duration otherwise) {
            Node n = get(key);
            return n == null ? otherwise : duration(n, key);
        }

        boolean has(String key) {
            return keys.containsKey(key);
        }

        /** Every key, in order, with its node: for mappings of names (proxies, probes). */
        Map<String, Node> entries() {
            Map<String, Node> all = new LinkedHashMap<>();
            keys.forEach((k, t) -> {
                known.add(k);
                all.put(k, t.getValueNode());
            });
            return all;
        }

        Node keyNode(String key) {
            return keys.get(key).getKeyNode();
        }

        /** Refuses a key that no one asked for: a typo must not pass for a setting. */
        void done() {
            for (Map.Entry<String, NodeTuple> e : keys.entrySet()) {
                if (!known.contains(e.getKey())) {
                    throw at(e.getValue().getKeyNode(), "unknown key '" + e.getKey() + "' in " + what
                            + " (known: " + String.join(", ", known) + ")");
                }
            }
        }

        List<String> names() {
            return new ArrayList<>(keys.keySet());
        }
    }
}

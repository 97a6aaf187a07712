package org.vaurien.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.vaurien.BadInputException;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Protocol;

/**
 * A behavior's {@code match}: the requests it may act on, in its protocol's own terms. Written
 * as conditions joined by {@code &}, each {@code FIELD=GLOB} (the whole value; {@code *} any
 * run, {@code ?} one character) or {@code FIELD~REGEX} (found anywhere in the value); all must
 * hold. Commands, methods, host names and header names are compared without regard to case.
 * The short form, {@code WORD [WORD]} with no field named ({@code SET user:*},
 * {@code GET /api/*}), globs the protocol's first two fields (its command or method, then its
 * key or path): {@link #forProtocol} names them.
 */
final class Matcher {
    private record Condition(String field, Pattern pattern) {
    }

    private final List<Condition> conditions;
    private final String text;

    private Matcher(List<Condition> conditions, String text) {
        this.conditions = conditions;
        this.text = text;
    }

    /** Field names of the short form until {@link #forProtocol} names them. */
    private static final String[] POSITIONS = {"#1", "#2"};

    /** The matcher {@code text} writes; null for an empty one (every request). */
    static Matcher parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String first = text.strip().split("\\s+")[0];
        if (first.indexOf('=') < 0 && first.indexOf('~') < 0) {
            return shortForm(text.strip());
        }
        List<Condition> conditions = new ArrayList<>();
        for (String part : text.split("&")) {
            String c = part.strip();
            int eq = c.indexOf('=');
            int tilde = c.indexOf('~');
            boolean regex = tilde > 0 && (eq < 0 || tilde < eq);
            int at = regex ? tilde : eq;
            if (at <= 0) {
                throw new BadInputException("'" + c + "' is not FIELD=GLOB or FIELD~REGEX (e.g. command=GET & key=user:*)");
            }
            String field = c.substring(0, at).strip().toLowerCase(Locale.ROOT);
            String value = c.substring(at + 1).strip();
            boolean caseless = field.equals("command") || field.equals("method") || field.equals("host");
            int flags = caseless ? Pattern.CASE_INSENSITIVE : 0;
            try {
                conditions.add(new Condition(field, regex ? Pattern.compile(value, flags) : Pattern.compile(glob(value), flags)));
            } catch (PatternSyntaxException e) {
                throw new BadInputException("'" + value + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new Matcher(List.copyOf(conditions), text.strip());
    }

    private static Matcher shortForm(String text) {
        String[] words = text.split("\\s+");
        if (words.length > POSITIONS.length) {
            throw new BadInputException("'" + text + "' has more than two words: write COMMAND [KEY] (SET user:*, GET /api/*),"
                    + " or FIELD=GLOB conditions joined by &");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            conditions.add(new Condition(POSITIONS[i], Pattern.compile(glob(words[i]), i == 0 ? Pattern.CASE_INSENSITIVE : 0)));
        }
        return new Matcher(List.copyOf(conditions), text);
    }

    /** This matcher with the short form's words given the protocol's first two fields. */
    Matcher forProtocol(Protocol protocol) {
        List<String> fields = protocol.matchFields();
        List<Condition> named = new ArrayList<>();
        for (Condition c : conditions) {
            int position = c.field().equals(POSITIONS[0]) ? 0 : c.field().equals(POSITIONS[1]) ? 1 : -1;
            if (position < 0) {
                named.add(c);
            } else if (position < fields.size() && !fields.get(position).equals("header")) {
                named.add(new Condition(fields.get(position), c.pattern()));
            } else {
                throw new BadInputException("match '" + text + "': protocol '" + protocol.name() + "' has no "
                        + (position == 0 ? "command" : "second field") + " to match" + (fields.isEmpty() ? "" : " (its fields: "
                        + String.join(", ", fields) + ")"));
            }
        }
        return new Matcher(List.copyOf(named), text);
    }

    private static String glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return "^(?:" + re + ")$";
    }

    /** Whether the request whose head {@code request} has read meets every condition. */
    boolean test(Framer request) {
        for (Condition c : conditions) {
            String value = request.field(c.field());
            if (value == null || !c.pattern().matcher(value).find()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a condition is on {@code field} (a handshake is drawn only when one names its command). */
    boolean names(String field) {
        for (Condition c : conditions) {
            if (c.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a condition on a field {@code protocol} does not have (a path on tcp). */
    void checkFor(Protocol protocol, String behavior) {
        List<String> known = protocol.matchFields();
        for (Condition c : conditions) {
            String base = c.field().contains(":") ? c.field().substring(0, c.field().indexOf(':')) : c.field();
            if (!known.contains(base)) {
                throw new BadInputException("behavior '" + behavior + "', option 'match': '" + c.field() + "' cannot apply to protocol '"
                        + protocol.name() + "' (" + (known.isEmpty() ? "it has no fields to match"
                        : "its fields: " + String.join(", ", known)) + ")");
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

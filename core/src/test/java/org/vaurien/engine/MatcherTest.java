package org.vaurien.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

class MatcherTest {
    /** A request whose fields are given. */
    private static Framer request(Map<String, String> fields) {
        return new Framer() {
            @Override
            public Step scan(ByteBuffer in) {
                return Step.END;
            }

            @Override
            public String field(String name) {
                return fields.get(name);
            }
        };
    }

    /** A protocol with these match fields and nothing else. */
    private static Protocol protocol(String name, String... fields) {
        return new Protocol() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public List<Option<?>> options() {
                return List.of();
            }

            @Override
            public List<String> matchFields() {
                return List.of(fields);
            }

            @Override
            public Conversation open(Options options, Context context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void globsMatchWholeValuesRegexesAnywhereAndEveryConditionMustHold() {
        Matcher m = Matcher.parse("command=set & key=user:*");
        assertTrue(m.test(request(Map.of("command", "SET", "key", "user:1042"))), "commands ignore case");
        assertFalse(m.test(request(Map.of("command", "SET", "key", "order:1"))));
        assertFalse(m.test(request(Map.of("command", "GETSET", "key", "user:1"))), "a glob is the whole value");
        assertFalse(m.test(request(Map.of("command", "SET"))), "a field the request lacks does not match");
        Matcher sql = Matcher.parse("path~^/api/v[0-9]+/ & header:X-Tenant=ac?e");
        assertTrue(sql.test(request(Map.of("path", "/api/v2/orders", "header:x-tenant", "acme"))));
        assertFalse(sql.test(request(Map.of("path", "/web/api/v2/", "header:x-tenant", "acme"))));
        assertTrue(Matcher.parse("path=/a.b(c)").test(request(Map.of("path", "/a.b(c)"))), "glob text is literal");
        assertFalse(Matcher.parse("path=/a.b").test(request(Map.of("path", "/axb"))));
        assertTrue(m.names("command") && !sql.names("command"));
        assertNull(Matcher.parse("  "));
    }

    @Test
    void theShortFormGlobsTheProtocolsCommandAndKey() {
        Matcher redis = Matcher.parse("set user:*").forProtocol(protocol("redis", "command", "key"));
        assertTrue(redis.test(request(Map.of("command", "SET", "key", "user:7"))));
        assertFalse(redis.test(request(Map.of("command", "SET", "key", "User:7"))), "keys keep their case");
        Matcher http = Matcher.parse("GET /api/*").forProtocol(protocol("http", "method", "path", "header"));
        assertTrue(http.test(request(Map.of("method", "GET", "path", "/api/orders"))));
        assertFalse(http.test(request(Map.of("method", "POST", "path", "/api/orders"))));
        assertEquals("match 'RCPT x': protocol 'smtp' has no second field to match (its fields: command)",
                assertThrows(BadInputException.class,
                        () -> Matcher.parse("RCPT x").forProtocol(protocol("smtp", "command"))).getMessage());
    }

    @Test
    void aMistakeSaysWhatIsWrong() {
        assertEquals("'nothing' is not FIELD=GLOB or FIELD~REGEX (e.g. command=GET & key=user:*)",
                assertThrows(BadInputException.class, () -> Matcher.parse("command=GET & nothing")).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> Matcher.parse("sql~^(UPDATE")).getMessage()
                .startsWith("'^(UPDATE' is not a regular expression: "));
    }
}

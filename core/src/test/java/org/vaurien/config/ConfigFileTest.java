package org.vaurien.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.BadInputException;

class ConfigFileTest {
    private final Registry registry = Registry.load();

    private ConfigFile read(String text) {
        return ConfigFile.read(Ini.parse("chaos.ini", text), registry, getClass().getClassLoader());
    }

    @Test
    void readsTheOriginalFormatAndAppliesSectionOptions() {
        ConfigFile file = read(String.join("\n",
                "# the talk's example",
                "[vaurien]",
                "backend = google.com:80",
                "proxy = localhost:8000",
                "protocol = tcp",
                "behavior = 20:delay",
                "stay_connected = true",
                "timeout: 2.5",
                "seed = 42",
                "log_level = debug",
                "",
                "[behavior:delay]",
                "sleep = 2",
                "before = false",
                "[protocol:tcp]",
                "buffer = 1024"));
        ProxyConfig c = file.proxy().build();
        assertEquals(new HostPort("google.com", 80), c.backend());
        assertEquals(new HostPort("localhost", 8000), c.listen());
        assertEquals("20:delay", c.behavior());
        assertEquals(Map.of("sleep", "2", "before", "false"), c.behaviorOptions().get("delay"));
        assertEquals(Map.of("buffer", "1024"), c.protocolOptions().get("tcp"));
        assertTrue(c.stayConnected());
        assertEquals(2.5, c.timeoutSeconds());
        assertEquals(42L, c.seed());
        assertEquals("debug", file.process().get("log_level"));
    }

    @Test
    void continuationLinesJoinTheValue() {
        Ini ini = Ini.parse("x.ini", "[vaurien]\nbehavior = 5:error,\n   10:delay\n");
        assertEquals("5:error,\n10:delay", ini.sections().get(0).values().get("behavior").text());
    }

    @Test
    void aClassLineLoadsAUsersBehaviorUnderTheSectionName() {
        ConfigFile file = read("[vaurien]\nbehavior = 50:mine\n[behavior:mine]\n"
                + "class = org.vaurien.testplugins.TestPlugins$Custom\nlevel = 3\n");
        assertTrue(file.registry().hasBehavior("mine"));
        assertEquals(Map.of("level", "3"), file.proxy().build().behaviorOptions().get("mine"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[vaurien]\\nbackend = nowhere|chaos.ini:2: 'nowhere' is not HOST:PORT",
        "[vaurien]\\nbehavior = 5:nope|chaos.ini:2: behavior mix '5:nope'",
        "[vaurien]\\nbogus = 1|chaos.ini:2: unknown key 'bogus' in [vaurien]",
        "[vaurien]\\ntimeout = soon|chaos.ini:2: option 'timeout': 'soon' is not a number",
        "[vaurien]\\nstay_connected = maybe|chaos.ini:2: option 'stay_connected': 'maybe' is not true or false",
        "[vaurien]\\n[other]\\n|chaos.ini:2: unknown section [other]",
        "[behavior:nope]\\nx = 1|chaos.ini:1: unknown behavior 'nope'",
        "[behavior:delay]\\nsleep = 1\\nslep = 2|chaos.ini:3: behavior 'delay' has no option 'slep' (known: sleep, before, toxicity, scope, match, first, every, after, count_per)",
        "[behavior:delay]\\nsleep = -1|chaos.ini:2: behavior 'delay', option 'sleep': '-1' is out of range (0 to 100)",
        "[protocol:tcp]\\nbuffer = big|chaos.ini:2: protocol 'tcp', option 'buffer': 'big' is not a whole number",
        "[behavior:x]\\nclass = no.such.Class|chaos.ini:2: behavior 'x': class no.such.Class is not on the class path",
        "[behavior:x]\\nclass = java.lang.String|chaos.ini:2: class java.lang.String does not implement org.vaurien.spi.Behavior",
        "[vaurien]\\nproxy = a:1\\nproxy = b:2|chaos.ini:3: key 'proxy' appears twice in [vaurien]",
        "backend = a:1|chaos.ini:1: 'backend = a:1' comes before any [section]",
        "[vaurien\\n|chaos.ini:1: '[vaurien' is not a [section] line",
        "[vaurien]\\njust words|chaos.ini:2: 'just words' is not key = value",
    })
    void everyMistakeIsReportedWithFileAndLine(String text, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> read(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}

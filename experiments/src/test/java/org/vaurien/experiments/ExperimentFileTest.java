package org.vaurien.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.BadInputException;
import org.vaurien.config.Registry;

/** Every mistake in an experiment file is refused with the file, the line and the reason. */
class ExperimentFileTest {
    private static final Registry REGISTRY = Registry.load();

    private static final String GOOD = String.join("\n",
            "# a comment",
            "name: cache",
            "seed: 3",
            "proxies:",
            "  cache:",
            "    backend: 127.0.0.1:6379",
            "    protocol: redis",
            "probes:",
            "  ping:",
            "    redis: '{cache}'",
            "    every: 200ms",
            "    tolerance: {p95: 50ms, errors: 1%}",
            "steady_state: {before: 1s, after: 1s}",
            "timeline:",
            "  - at: 1s",
            "    for: 2s",
            "    behavior: 50:error",
            "  - at: 3s",
            "    for: 1s",
            "    behavior: delay",
            "    options: {delay: {sleep: 0.1}}",
            "abort:",
            "  - probe: ping",
            "    for: 500ms",
            "");

    @Test
    void aGoodFileReadsWithItsDefaults() {
        Experiment e = ExperimentFile.parse("good.yaml", GOOD, REGISTRY);
        assertEquals("cache", e.name());
        assertEquals(3L, e.seed());
        assertEquals(Duration.ofMinutes(10), e.maxDuration());
        assertEquals("100:dummy", e.proxies().get("cache").behavior());
        assertEquals(2, e.timeline().size());
        assertEquals("cache", e.timeline().get(0).proxy());
        assertEquals(15, e.timeline().get(0).line());
        assertEquals(0.01, e.probes().get("ping").tolerance().errors(), 1e-9);
        assertEquals(50.0, e.probes().get("ping").tolerance().p95(), 1e-9);
        assertEquals(Duration.ofMillis(500), e.aborts().get(0).lasting());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key         | 'name: cache'              | 'nmae: x'                    | 2 | unknown key 'nmae'",
        "negative time       | '    for: 2s'              | '    for: -2s'                | 16 | times are never negative",
        "overlapping step    | '  - at: 3s'               | '  - at: 2500ms'              | 18 | overlaps the step of line 15",
        "probe, no target    | '    redis:'               | '    rediss:'                 | 10 | has no target",
        "unknown proxy       | '    behavior: 50:error'  | '    behavior: 50:error\n    proxy: db' | 18 | no proxy named 'db'",
        "unknown probe       | '  - probe: ping'          | '  - probe: pong'             | 23 | no probe named 'pong'",
        "unknown behavior    | '    behavior: 50:error'  | '    behavior: 50:eror'       | 17 | eror",
        "bad option          | '{sleep: 0.1}'             | '{sleep: soon}'              | 21 | sleep",
        "not a time          | '    every: 200ms'         | '    every: often'            | 11 | not a time",
        "over max_duration   | 'seed: 3'                  | 'seed: 3\nmax_duration: 3s'  | 2 | over its max_duration",
        "not YAML            | 'probes:'                  | 'probes: [oops'               | 9 | not YAML",
        "two targets         | '    every: 200ms'         | '    every: 200ms\n    tcp: 127.0.0.1:1' | 10 | two targets",
        "step changes nothing| '    behavior: 50:error'  | '    proxy: cache'             | 15 | changes nothing",
    })
    void aMistakeIsRefusedWithFileLineAndReason(String what, String original, String replacement, int line, String reason) {
        String text = GOOD.replace(original.replace("\\n", "\n"), replacement.replace("\\n", "\n"));
        assertTrue(!text.equals(GOOD), "the case changes the file: " + what);
        BadInputException e = assertThrows(BadInputException.class, () -> ExperimentFile.parse("bad.yaml", text, REGISTRY));
        assertTrue(e.getMessage().startsWith("bad.yaml:" + line + ": "), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), what + ": one line: " + e.getMessage());
    }

    @Test
    void aStepStartedByACountHasItsProxyToItself() {
        String text = GOOD.replace("  - at: 3s", "  - after: 100 exchanges");
        BadInputException e = assertThrows(BadInputException.class, () -> ExperimentFile.parse("bad.yaml", text, REGISTRY));
        assertTrue(e.getMessage().startsWith("bad.yaml:18: "), e.getMessage());
        assertTrue(e.getMessage().contains("started by a count"), e.getMessage());
    }

    @Test
    void nothingToDriveIsRefused() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ExperimentFile.parse("empty.yaml", "name: x\n", REGISTRY));
        assertTrue(e.getMessage().contains("no proxy to drive"), e.getMessage());
    }
}

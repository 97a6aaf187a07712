package org.vaurien.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.BadInputException;

class MixSpecTest {
    private final Registry registry = Registry.load();

    @Test
    void parsesPercentagesAndNamesInOrder() {
        MixSpec mix = MixSpec.parse(" 5:error , 10:delay ", registry);
        assertEquals(List.of(new MixSpec.Entry(5, "error"), new MixSpec.Entry(10, "delay")), mix.entries());
        assertEquals("5:error,10:delay", mix.toString());
    }

    @Test
    void acceptsDecimalsAnExplicitDummyAndExactlyHundred() {
        assertEquals(2.5, MixSpec.parse("2.5:error,97.5:dummy", registry).entries().get(0).percent());
        assertEquals(1, MixSpec.parse("100:delay", registry).entries().size());
    }

    @Test
    void emptyMeansEverythingPasses() {
        assertTrue(MixSpec.parse("", registry).entries().isEmpty());
        assertTrue(MixSpec.parse(null, registry).entries().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5:nope|entry '5:nope': unknown behavior 'nope' (known: delay, dummy, error)",
        "x:error|entry 'x:error': 'x' is not a number",
        "5error|entry '5error' is not PERCENT:NAME",
        "5:error,|entry '' is not PERCENT:NAME",
        "5:error:2|entry '5:error:2' is not PERCENT:NAME",
        "5:|entry '5:' has no behavior name",
        "-5:error|entry '-5:error': -5 is not a percentage (0 to 100)",
        "150:error|entry '150:error': 150 is not a percentage (0 to 100)",
        "60:error,50:delay|the percentages add up to 110, over 100",
        "5:error,5:error|entry '5:error': behavior 'error' appears twice",
    })
    void refusesWithAMessageNamingTheOffendingPart(String mix, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> MixSpec.parse(mix, registry));
        assertTrue(e.getMessage().startsWith("behavior mix '" + mix + "'"), e.getMessage());
        assertTrue(e.getMessage().endsWith(expected), e.getMessage());
    }
}

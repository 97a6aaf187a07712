package org.vaurien.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vaurien.BadInputException;

class OptionTest {
    @Test
    void boolAcceptsTheOriginalSpellings() {
        Option<Boolean> b = Option.bool("inject", "", false);
        for (String yes : List.of("true", "yes", "on", "1", "TRUE")) {
            assertEquals(true, b.parse(yes));
        }
        for (String no : List.of("false", "no", "off", "0")) {
            assertEquals(false, b.parse(no));
        }
    }

    @Test
    void numbersAreCheckedAgainstTheirRange() {
        Option<Integer> n = Option.integer("warmup", "", 0, 0, 10);
        assertEquals(7, n.parse(" 7 "));
        assertEquals("option 'warmup': '11' is out of range (0 to 10)",
                assertThrows(BadInputException.class, () -> n.parse("11")).getMessage());
        Option<Double> d = Option.decimal("sleep", "", 1, 0, 5);
        assertEquals(0.3, d.parse("0.3"));
        assertEquals("option 'sleep': 'NaN' is out of range (0 to 5)",
                assertThrows(BadInputException.class, () -> d.parse("NaN")).getMessage());
    }

    @Test
    void defaultsAreWrittenAsInAConfigFile() {
        assertEquals("1", Option.decimal("sleep", "", 1, 0, 5).defaultText());
        assertEquals("0.5", Option.decimal("x", "", 0.5, 0, 5).defaultText());
    }

    @Test
    void optionsKeepDefaultsAndRefuseUnknownKeysWithoutKeepingAnything() {
        List<Option<?>> declared = List.of(Option.integer("a", "", 1, 0, 9), Option.bool("b", "", false));
        Options o = Options.parse("behavior 'x'", declared, Map.of("a", "3"));
        assertEquals(3, o.get("a"));
        assertEquals(false, o.get("b"));
        BadInputException e = assertThrows(BadInputException.class, () -> o.with(Map.of("a", "4", "c", "1")));
        assertEquals("behavior 'x' has no option 'c' (known: a, b)", e.getMessage());
        assertEquals(3, o.get("a"));
    }
}

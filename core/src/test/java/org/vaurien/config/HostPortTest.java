package org.vaurien.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vaurien.BadInputException;

class HostPortTest {
    @Test
    void readsNamesAddressesAndBracketedIpv6() {
        assertEquals(new HostPort("localhost", 8000), HostPort.parse("localhost:8000"));
        assertEquals(new HostPort("10.0.0.1", 80), HostPort.parse(" 10.0.0.1:80 "));
        assertEquals(new HostPort("::1", 8000), HostPort.parse("[::1]:8000"));
        assertEquals("[::1]:8000", HostPort.parse("[::1]:8000").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0:0:0:0:0:0:0:1|::1",
        "fe80:0:0:0:0:0:0:1%lo|fe80::1%lo",
        "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "2001:db8:1:2:3:4:5:6|2001:db8:1:2:3:4:5:6",
        "0:0:0:0:0:0:0:0|::",
        "127.0.0.1|127.0.0.1",
    })
    void ipv6AddressesAreWrittenShort(String full, String expected) {
        assertEquals(expected, HostPort.compressIpv6(full));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost|is not HOST:PORT",
        "::1:80|write an IPv6 address in brackets",
        "[::1:80|is not HOST:PORT",
        ":80|has no host",
        "host:http|'http' is not a port number",
        "host:70000|port 70000 is out of range",
    })
    void refusesMalformedAddresses(String text, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> HostPort.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void anUnresolvableHostIsAUserMistake() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new HostPort("no-such-host.invalid", 80).resolve());
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
    }
}

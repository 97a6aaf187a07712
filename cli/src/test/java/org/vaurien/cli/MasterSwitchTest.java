package org.vaurien.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;
import org.vaurien.testkit.Wire.Outcome;

/**
 * The master switch: every proxy passes everything, on its open connections and on those of a
 * proxy created meanwhile, while every setting stays, and changes made meanwhile act at resume.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MasterSwitchTest extends ControlApiBase {
    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    /** Whether a ping through the port comes back; a reset, whether met writing or reading, is a no. */
    private static boolean echoes(int port) {
        try {
            return Wire.once(port, PING) == Outcome.ECHOED;
        } catch (IOException reset) {
            return false;
        }
    }

    @Test
    void stopAllPassesEverythingKeepsEverySettingAndResumePutsThemToWork() throws Exception {
        call("PUT", "/behavior", "{\"name\": \"error\"}");
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), proxyPort("default"))) {
            open.setSoTimeout(5000);
            assertNotEquals(Outcome.ECHOED, Wire.exchangeOn(open, PING), "the mix errs");
            open.getInputStream().skipNBytes(open.getInputStream().available());

            Reply stop = call("POST", "/faults/stop", "{\"by\": \"a test\"}");
            assertEquals(200, stop.status(), stop.body());
            JsonObject stopped = stop.json().getAsJsonObject("faults_stopped");
            assertEquals("a test", stopped.get("by").getAsString());
            assertEquals(Outcome.ECHOED, Wire.exchangeOn(open, PING), "an open connection passes at once");

            assertEquals(201, call("POST", "/proxies", "{\"name\": \"late\", \"upstream\": \"127.0.0.1:" + echo.port()
                    + "\", \"toxics\": []}").status());
            assertEquals(200, call("POST", "/proxies/late/toxics", "{\"type\": \"reset_peer\"}").status());
            assertEquals(Outcome.ECHOED, Wire.once(proxyPort("late"), PING), "a proxy created meanwhile passes too");
            assertEquals(200, call("POST", "/proxies/default", "{\"enabled\": false}").status());
            assertEquals(Outcome.ECHOED, Wire.once(proxyPort("default"), PING), "disabled meanwhile, it still accepts");
            assertEquals(400, call("PUT", "/behavior", "{\"name\": \"nonsense\"}").status(), "changes are still checked");
            assertEquals(200, call("POST", "/proxies/default", "{\"enabled\": true}").status());
            assertEquals("100:error", call("GET", "/behavior", null).json().get("behavior").getAsString(), "the mix stays");
            assertTrue(call("GET", "/status", null).json().getAsJsonObject("proxies").getAsJsonObject("late")
                    .get("suspended").getAsBoolean());

            assertEquals(200, call("POST", "/faults/resume", "").status());
            assertNotEquals(Outcome.ECHOED, Wire.exchangeOn(open, PING), "resumed, the mix errs again");
            assertFalse(echoes(proxyPort("late")), "and the stack resets");
            assertTrue(!call("GET", "/status", null).json().has("faults_stopped"));
        }
    }
}

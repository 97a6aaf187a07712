package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.TestBackend;

/**
 * The embedded proxies obey the same limits as the standalone one, with lower defaults: a hostile
 * server answering an application with a Redis value nested millions deep cannot take the
 * application's small heap through Vaurien.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentLimitsTest {
    @Test
    void aHostileServerCannotExhaustTheApplicationsHeapThroughTheAgent() throws Exception {
        int levels = 8_000_000;
        byte[] open = "*1\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[open.length * 8192];
        for (int i = 0; i < chunk.length; i += open.length) {
            System.arraycopy(open, 0, chunk, i, open.length);
        }
        try (TestBackend hostile = TestBackend.serving((socket, b) -> {
            InputStream in = socket.getInputStream();
            in.readNBytes(14);
            OutputStream out = socket.getOutputStream();
            for (int left = levels; left > 0; left -= 8192) {
                out.write(chunk, 0, Math.min(8192, left) * open.length);
            }
            out.write(":1\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
        });
             AppProcess app = AppProcess.start(AppProcess.javaHome(), "match=127.0.0.1:" + hostile.port() + ";protocol=redis",
                     "-Xmx48m", "-XX:+ExitOnOutOfMemoryError")) {
            assertTrue(app.stderrShows("vaurien agent: active", 10), app.stderr());
            String line = app.call("drain 127.0.0.1 " + hostile.port());
            assertEquals("OK bytes=" + ((long) levels * open.length + 4), line, app.stderr());
            assertEquals(0, app.exit(), "the application lives on: " + app.stderr());
        }
    }
}

package org.vaurien.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.config.HostPort;
import org.vaurien.config.Registry;
import org.vaurien.control.ControlServer;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.Engine;
import org.vaurien.testkit.TestBackend;

/** Toxiproxy's own Java client (eu.rekawek.toxiproxy), unchanged, driving Vaurien. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ToxiproxyJavaClientTest {
    private static final byte[] DATA = new byte[20_000];

    static {
        new Random(1).nextBytes(DATA);
    }

    private final Engine engine = new Engine(1, true);
    private ProxyManager manager;
    private ControlServer api;
    private TestBackend backend;

    /** Sends DATA to each client as soon as it asks (any byte), then echoes. */
    @BeforeEach
    void start() throws IOException {
        manager = new ProxyManager(engine, Registry.load());
        api = ControlServer.start(manager, new HostPort("127.0.0.1", 0), null, "2.9.0");
        backend = TestBackend.serving((socket, b) -> {
            InputStream in = socket.getInputStream();
            if (in.read() >= 0) {
                socket.getOutputStream().write(DATA);
            }
            in.transferTo(OutputStream.nullOutputStream());
        });
    }

    @AfterEach
    void stop() throws IOException {
        api.close();
        manager.close();
        engine.close();
        backend.close();
    }

    /** Asks for DATA through the proxy: how many bytes came, and how long it took. */
    private static long[] fetch(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            long start = System.nanoTime();
            s.getOutputStream().write('?');
            byte[] got = new byte[DATA.length];
            int n = 0;
            try {
                for (int r; n < got.length && (r = s.getInputStream().read(got, n, got.length - n)) > 0; n += r) {
                    // reading
                }
            } catch (IOException reset) {
                // a toxic cut it
            }
            assertArrayEquals(Arrays.copyOf(DATA, n), Arrays.copyOf(got, n), "what came is right");
            return new long[] {n, (System.nanoTime() - start) / 1_000_000};
        }
    }

    @Test
    void theToxiproxyJavaClientDrivesVaurienUnchanged() throws Exception {
        ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", api.port());
        assertEquals("{\"version\": \"2.9.0\"}", client.version().trim());
        Proxy proxy = client.createProxy("shop", "127.0.0.1:0", "127.0.0.1:" + backend.port());
        int port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
        assertEquals(DATA.length, fetch(port)[0]);
        assertTrue(fetch(port)[1] < 150, "no toxic: fast");

        Latency latency = proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
        latency.setJitter(0);
        long[] slow = fetch(port);
        assertEquals(DATA.length, slow[0]);
        assertTrue(slow[1] >= 300, "latency: " + slow[1] + " ms");
        latency.remove();
        assertTrue(fetch(port)[1] < 150, "latency removed");

        proxy.toxics().bandwidth("thin", ToxicDirection.DOWNSTREAM, 10);
        long[] thin = fetch(port);
        assertTrue(thin[1] >= 1500, "20 KB at 10 KB/s: " + thin[1] + " ms");
        proxy.toxics().get("thin").remove();

        proxy.toxics().limitData("short", ToxicDirection.DOWNSTREAM, 1234);
        assertEquals(1234, fetch(port)[0], "limit_data cut the reply at 1234 bytes");
        proxy.toxics().get("short").remove();

        proxy.toxics().timeout("dead", ToxicDirection.DOWNSTREAM, 400);
        long[] dead = fetch(port);
        assertEquals(0, dead[0], "timeout: no data");
        assertTrue(dead[1] >= 350, "and a close after the timeout: " + dead[1] + " ms");
        assertEquals(1, proxy.toxics().getAll().size());

        client.reset();
        assertTrue(proxy.toxics().getAll().isEmpty(), "reset removed the toxics");
        assertEquals(DATA.length, fetch(port)[0]);

        proxy.disable();
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        proxy.enable();
        assertEquals(DATA.length, fetch(port)[0]);
        assertFalse(client.getProxies().isEmpty());
        proxy.delete();
        assertTrue(client.getProxies().isEmpty());
    }
}

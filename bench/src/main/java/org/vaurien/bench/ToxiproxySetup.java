package org.vaurien.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Toxiproxy beside the others, with {@code --with-toxiproxy PATH} (its {@code toxiproxy-server},
 * built from its sources: {@code ../shared/tools/build-toxiproxy.sh}): one proxy, without
 * toxics, in front of redis-server, iperf3 and nginx, made through its own API.
 */
final class ToxiproxySetup {
    int redis;
    int iperf;
    int nginx;
    private int api;
    /** The server's process id, for its resident memory. */
    long pid;

    static ToxiproxySetup start(Setup setup, Path server) throws IOException, InterruptedException {
        if (!Files.isExecutable(server)) {
            throw new IOException(server + " is not Toxiproxy's server; build it with ../shared/tools/build-toxiproxy.sh GIT_DIR");
        }
        int api = Procs.freePort();
        Process p = setup.procs.start("toxiproxy", List.of(server.toString(), "-host", "127.0.0.1", "-port", Integer.toString(api)));
        Procs.waitForPort(api, 30_000);
        ToxiproxySetup t = new ToxiproxySetup();
        t.api = api;
        t.pid = p.pid();
        t.redis = proxy(api, "redis", setup.redis);
        t.iperf = proxy(api, "iperf", setup.iperf);
        t.nginx = proxy(api, "nginx", setup.nginx);
        return t;
    }

    /** A proxy to {@code upstream} with one downstream toxic ({@code attributes} as JSON); its port. */
    int proxyWithToxic(String name, int upstream, String type, String attributes) throws IOException, InterruptedException {
        int port = proxy(api, name, upstream);
        String body = "{\"type\": \"" + type + "\", \"stream\": \"downstream\", \"attributes\": " + attributes + "}";
        Procs.send("POST", api, "/proxies/" + name + "/toxics", body, 200);
        return port;
    }

    private static int proxy(int api, String name, int upstream) throws IOException, InterruptedException {
        int listen = Procs.freePort();
        String body = "{\"name\": \"" + name + "\", \"listen\": \"127.0.0.1:" + listen + "\", \"upstream\": \"127.0.0.1:" + upstream + "\"}";
        Procs.send("POST", api, "/proxies", body, 201);
        Procs.waitForPort(listen, 10_000);
        return listen;
    }
}

package org.vaurien.bench;

import java.io.IOException;
import java.util.List;

/**
 * Scenario 6: thousands of connections open at once through one proxy, each doing a request now
 * and then; how many were served and the proxy's peak resident memory, Vaurien and HAProxy.
 */
final class Scale {
    private Scale() {
    }

    static String run(Setup setup, boolean quick) throws IOException, InterruptedException {
        long limit = Bench.descriptorLimit();
        // a proxied connection holds two sockets: the descriptor limit caps what one process can hold
        int n = (int) Math.min(10_000, (limit - 200) / 2);
        int seconds = quick ? 8 : 20;
        System.err.printf("bench: scale, %d connections for %d s%n", n, seconds);
        int port = Procs.freePort();
        Process vaurien = setup.procs.start("vaurien-scale", setup.vaurienCommand(port, setup.redis, "tcp"));
        Procs.waitForPort(port, 30_000);
        long idle = Procs.rssKb(vaurien.pid());
        long[] peak = {idle};
        ScaleClient.Outcome v = ScaleClient.run(port, n, seconds, () -> peak[0] = Math.max(peak[0], Procs.rssKb(vaurien.pid())));
        setup.procs.stop(vaurien);
        long haPid = haproxyPid();
        long haIdle = Procs.rssKb(haPid);
        long[] haPeak = {haIdle};
        ScaleClient.Outcome h = ScaleClient.run(setup.haRedis, Math.min(n, Setup.haproxyMaxconn()), seconds,
                () -> haPeak[0] = Math.max(haPeak[0], Procs.rssKb(haPid)));
        StringBuilder s = new StringBuilder();
        s.append("| proxy | connections open | served (every PING answered) | requests | peak RSS | RSS idle | per connection |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        s.append(row("Vaurien", v, peak[0], idle));
        s.append(row("HAProxy", h, haPeak[0], haIdle));
        boolean met = v.served() == n && peak[0] <= 200 * 1024;
        s.append(String.format("%nGoal: %d connections all served, RSS <= 200 MB: %s.", n, met ? "met" : "NOT met"));
        if (n < 10_000) {
            s.append(String.format(" The open-files limit of this machine (%d, which root cannot raise here) caps one"
                    + " process at %d proxied connections, two sockets each, so %d were opened, not 10,000;"
                    + " at the measured cost per connection, 10,000 would take about %.0f MB.",
                    limit, (limit - 200) / 2, n, (idle + (peak[0] - idle) * 10_000.0 / n) / 1024));
        }
        return s.toString();
    }

    private static String row(String name, ScaleClient.Outcome o, long peakKb, long idleKb) {
        return String.format("| %s | %d | %d | %d (%d wrong, %d missing) | %.1f MB | %.1f MB | %.1f kB |%n", name,
                o.connected(), o.served(), o.sent(), o.wrong(), o.sent() - o.replies(), peakKb / 1024.0, idleKb / 1024.0,
                o.connected() == 0 ? 0 : (peakKb - idleKb) / (double) o.connected());
    }

    private static long haproxyPid() throws IOException, InterruptedException {
        String out = Procs.run(List.of("pgrep", "-n", "-x", "haproxy"), 10).trim();
        return Long.parseLong(out);
    }
}

package org.vaurien.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * Scenario 11's application: Redis GETs one at a time on one connection, timed, in a JVM of its
 * own (with or without the agent), twice: the second round, once the JIT has compiled what runs,
 * is measured. Prints its p50 and p99 in ms, and the CPU time the process used in it (the
 * embedded proxy's included, when the agent redirects it), in ms.
 */
public final class RedirectedLoop {
    private RedirectedLoop() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // a first round lets the JIT compile the client, and the embedded proxy with the agent: the second is measured
        LatencyProbe.run(port, requests);
        long cpu = os.getProcessCpuTime();
        double[] p = LatencyProbe.run(port, requests);
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
        System.out.println(p[0] + " " + p[1] + " " + cpuMs);
    }
}

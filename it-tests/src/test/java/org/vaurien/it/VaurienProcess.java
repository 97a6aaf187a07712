package org.vaurien.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code vaurien} command run as a separate process, as users run it. It listens on
 * port 0; the port it got is read from its log line.
 */
final class VaurienProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+),");

    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile int port = -1;

    private VaurienProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readOutput, "vaurien-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("vaurien.jar", "../cli/target/vaurien.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("the vaurien jar is missing at " + jar + ": run mvn package");
        }
        return jar;
    }

    static List<String> command(List<String> classPathExtra, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m"));
        if (classPathExtra.isEmpty()) {
            cmd.addAll(List.of("-jar", jar().toString()));
        } else {
            List<String> cp = new ArrayList<>(List.of(jar().toString()));
            cp.addAll(classPathExtra);
            cmd.addAll(List.of("-cp", String.join(":", cp), "org.vaurien.cli.Main"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts a proxy and waits until it listens. */
    static VaurienProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    static VaurienProcess start(List<String> classPathExtra, String... args) throws IOException {
        VaurienProcess p = new VaurienProcess(command(classPathExtra, args));
        try {
            if (!p.ready.await(30, TimeUnit.SECONDS) || p.port < 0) {
                p.close();
                throw new IllegalStateException("vaurien did not start listening:\n" + p.output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** Starts a command that runs until stopped, and waits until a line of its output matches {@code ready}. */
    static VaurienProcess startUntil(Pattern ready, String... args) throws IOException {
        VaurienProcess p = new VaurienProcess(command(List.of(), args));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready.matcher(p.output()).find()) {
            if (System.nanoTime() > end || !p.process.isAlive()) {
                p.close();
                throw new IllegalStateException("vaurien did not print " + ready + ":\n" + p.output());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return p;
    }

    /** A proxy on a free loopback port in front of {@code backendPort}, with more flags. */
    static VaurienProcess proxy(int backendPort, String protocol, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--proxy", "127.0.0.1:0", "--backend", "127.0.0.1:" + backendPort,
                "--protocol", protocol, "--stay-connected"));
        args.addAll(List.of(more));
        return start(args.toArray(new String[0]));
    }

    /** Runs a command that ends by itself (a refused flag, --list, demo). */
    static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    static Result run(List<String> classPathExtra, String... args) throws IOException, InterruptedException {
        VaurienProcess p = new VaurienProcess(command(classPathExtra, args));
        if (!p.process.waitFor(120, TimeUnit.SECONDS)) {
            p.close();
            throw new IllegalStateException("vaurien did not end:\n" + p.output());
        }
        p.ready.await(5, TimeUnit.SECONDS);
        return new Result(p.process.exitValue(), p.output());
    }

    record Result(int exitCode, String output) {
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                Matcher m = LISTENING.matcher(line);
                if (port < 0 && m.find()) {
                    port = Integer.parseInt(m.group(2));
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            ready.countDown();
        }
    }

    int port() {
        return port;
    }

    /** The port a named proxy listens on, or the control API's ("control"), from the log; waits for it. */
    int port(String name) {
        Pattern p = name.equals("control") ? Pattern.compile("control API .* on http://[^:]+:(\\d+)")
                : Pattern.compile("proxy '" + Pattern.quote(name) + "': listening on \\S+:(\\d+),");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            synchronized (lines) {
                for (String line : lines) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("no port for " + name + " in:\n" + output());
    }

    long pid() {
        return process.pid();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Threads of the process, from /proc. */
    int threads() {
        String[] tasks = Path.of("/proc", Long.toString(pid()), "task").toFile().list();
        return tasks == null ? -1 : tasks.length;
    }

    /** Resident memory now (VmRSS) or at its peak since the start (VmHWM), in kB, from /proc. */
    long memoryKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " for process " + pid());
    }

    /** Open file descriptors of the process, from /proc. */
    int descriptors() {
        String[] fds = Path.of("/proc", Long.toString(pid()), "fd").toFile().list();
        return fds == null ? -1 : fds.length;
    }

    @Override
    public void close() {
        // SIGTERM through the handle: Process.destroy() would also close our end of its output,
        // and lose what its shutdown hooks write (Bye!, a replay's summary)
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

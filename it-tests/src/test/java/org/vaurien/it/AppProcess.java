package org.vaurien.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link ClientApp} run as a JVM of its own (JDK 17 or 25) with {@code -javaagent}, its class
 * path the client libraries only: nothing of Vaurien but what the agent jar brings.
 */
final class AppProcess implements AutoCloseable {
    /**
     * A JDK 25 for the agent's tests: {@code -Djdk25.home=DIR} (./test finds one among the
     * installed JDKs); null when none was given or it is not there, and the tests that need it
     * are reported as skipped, naming it.
     */
    static Path jdk25() {
        String home = System.getProperty("vaurien.jdk25", "");
        return !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "java")) ? Path.of(home) : null;
    }

    static final String NO_JDK25 = "JDK 25 not found: give its home with -Djdk25.home=DIR (./test looks under /usr/lib/jvm)";

    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private AppProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        read(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), lines::add);
        read(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), errors::add);
    }

    static Path agentJar() {
        Path jar = Path.of(System.getProperty("vaurien.agent.jar", "../agent/target/vaurien-agent.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("the agent jar is missing at " + jar + ": run mvn package");
        }
        return jar.toAbsolutePath();
    }

    /** Starts the application on {@code javaHome}; {@code agentArg} null: without the agent. */
    static AppProcess start(Path javaHome, String agentArg, String... jvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-Xmx256m"));
        cmd.addAll(List.of(jvmFlags));
        if (agentArg != null) {
            cmd.add("-javaagent:" + agentJar() + "=" + agentArg);
        }
        cmd.addAll(List.of("-cp", applicationClassPath(), ClientApp.class.getName()));
        AppProcess app = new AppProcess(cmd);
        // the JVM may print first (JFR does): the application's first line is READY
        for (String line = app.next(60); line != null; line = app.next(60)) {
            if (line.equals("READY")) {
                return app;
            }
        }
        app.close();
        throw new IllegalStateException("the application did not start:\n" + app.stderr());
    }

    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** The test class path without Vaurien's own modules or Byte Buddy: what a real application has. */
    private static String applicationClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.matches(".*/(core|protocols|kafka|behaviors|cli|agent|examples|junit)/target/classes/?")
                        && !p.matches(".*/vaurien-[a-z]+-[^/]*\\.jar") && !p.contains("byte-buddy"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Sends one command and waits for its line. */
    String call(String command) {
        in.println(command);
        String line = next(30);
        if (line == null) {
            throw new AssertionError("no answer to '" + command + "' within 30 s; stderr:\n" + stderr());
        }
        return line;
    }

    /** The next line of stdout, or null after {@code seconds}. */
    String next(int seconds) {
        try {
            return lines.poll(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void send(String command) {
        in.println(command);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Whether stderr shows {@code text} within {@code seconds} (it is read on a thread of its own). */
    boolean stderrShows(String text, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!stderr().contains(text) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return stderr().contains(text);
    }

    /** The port of the agent's control API, from the line it prints when it starts ({@code http_port = 0}). */
    int controlPort() throws InterruptedException {
        if (!stderrShows("control API on http://127.0.0.1:", 10)) {
            throw new AssertionError("the agent announced no control API:\n" + stderr());
        }
        Matcher m = Pattern.compile("control API on http://127\\.0\\.0\\.1:(\\d+)").matcher(stderr());
        m.find();
        return Integer.parseInt(m.group(1));
    }

    String stderr() {
        synchronized (errors) {
            return String.join("\n", errors);
        }
    }

    /** Asks the application to exit and waits for it; its exit status. */
    int exit() throws InterruptedException {
        in.println("exit");
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the application did not exit; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private static void read(BufferedReader reader, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (reader) {
                for (String line; (line = reader.readLine()) != null;) {
                    sink.accept(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "app-output");
        t.setDaemon(true);
        t.start();
    }

    /** Ends the JVM as the kernel's OOM killer or a harness's timeout does: SIGKILL, nothing runs after. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.vaurien.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.config.Logging;
import org.vaurien.config.Registry;
import org.vaurien.agent.bridge.Bridge;
import org.vaurien.control.ProxyManager;
import org.vaurien.engine.Engine;

/**
 * The agent at work in a JVM, across attaches: each {@link #apply} replaces the session; the end
 * of a session (its {@code --for} elapsed, or {@code detach}) stops the faults and the redirects
 * and takes the advice out. Nothing here throws into the application: a mistake is told on
 * stderr and the agent stays (or goes back to being) inactive.
 */
public final class AgentRuntime {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private static final String VERSION = AgentRuntime.class.getPackage().getImplementationVersion() == null ? "dev"
            : AgentRuntime.class.getPackage().getImplementationVersion();

    private final Instrumenter instrumenter;
    private final Engine engine;
    private final RedirectHook hook;
    private final List<Socket> reserved = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vaurien-agent-timer");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> ending;
    private ServerSocket blackhole;
    private String logFile;

    private AgentRuntime(Instrumentation inst) throws IOException {
        // what the first configuration and installation wait for, loaded meanwhile on a second core
        timer.execute(() -> Registry.load(AgentRuntime.class.getClassLoader()));
        Instrumenter.warmUp(r -> {
            Thread t = new Thread(r, "vaurien-agent-warm-up");
            t.setDaemon(true);
            t.start();
        });
        logTo(null);
        this.instrumenter = new Instrumenter(inst);
        // the embedded proxies' own connects run on these threads and are never redirected
        this.engine = new Engine(Math.min(2, Runtime.getRuntime().availableProcessors()), true, r -> () -> {
            Bridge.markOwnThread();
            r.run();
        }, AgentConfig.BUDGET);
        this.hook = new RedirectHook(refusingAddress(), blackholeOnTimerThread(), new ConnectHolds(timer));
        Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "vaurien-agent-exit"));
        LastAtExit.register(inst, this::stopForExit);
    }

    public static AgentRuntime create(Instrumentation inst) throws IOException {
        return new AgentRuntime(inst);
    }

    /**
     * {@code CONFIG} (premain), {@code attach;for=MILLIS;config=CONFIG} (attach), {@code detach}.
     */
    public synchronized String apply(String args, boolean attached) {
        String arg = args == null ? "" : args;
        if (arg.equals("detach")) {
            return end("detached");
        }
        long forMillis = 0;
        if (arg.startsWith("attach;")) {
            int config = arg.indexOf(";config=");
            forMillis = Long.parseLong(arg.substring("attach;for=".length(), config));
            arg = arg.substring(config + ";config=".length());
        }
        AgentConfig config;
        try {
            config = AgentConfig.parse(arg, AgentRuntime.class.getClassLoader());
            logTo(config.logFile());
        } catch (BadInputException e) {
            return error(e.getMessage() + "; " + (hook.session() == null
                    ? "the agent stays inactive" : "the running session goes on unchanged"));
        }
        // the previous session gives way first (its proxies' names, its API port), and comes back if this one cannot start
        Session previous = hook.session();
        hook.session(null);
        if (previous != null) {
            previous.end();
        }
        Session next = new Session(config, new ProxyManager(engine, config.registry()));
        try {
            next.start(VERSION);
        } catch (BadInputException e) {
            next.end();
            String message = e.getMessage() + "; " + (previous == null ? "the agent stays inactive"
                    : restart(previous) ? "the running session goes on unchanged" : "the agent is now inactive");
            return error(message);
        }
        hook.session(next);
        Bridge.install(hook);
        try {
            instrumenter.install();
        } catch (RuntimeException | LinkageError e) {
            hook.session(null);
            next.end();
            return error("cannot instrument this JVM's sockets (" + e + "); the agent stays inactive");
        }
        if (ending != null) {
            ending.cancel(false);
        }
        if (forMillis > 0) {
            ending = timer.schedule(() -> end("its time is up"), forMillis, TimeUnit.MILLISECONDS);
        }
        String status = "active" + (attached ? " (attached)" : "") + ", targets: " + String.join(", ", next.targetNames())
                + (next.apiPort() > 0 ? ", control API on http://127.0.0.1:" + next.apiPort() : "")
                + (forMillis > 0 ? ", for " + forMillis / 1000.0 + " s" : "");
        tell(Level.INFO, status);
        return status;
    }

    /** The application exits with a session running: a replay says what found its place. */
    private void atExit() {
        try {
            Session s = hook.session();
            if (s != null && s.config.replay() != null) {
                tell(Level.INFO, s.config.replay().summary());
            }
        } catch (RuntimeException e) {
            // the application is exiting: nothing of the agent's may get in its way
        }
    }

    /** After the application's last shutdown hook: the event loops leave epoll_wait, so the JVM need not wait for them. */
    private void stopForExit() {
        Session s = hook.session();
        if (s != null) {
            s.closeApi();
        }
        engine.close();
    }

    /** The previous session again, on fresh proxies (connections through its old ones go on). */
    private boolean restart(Session previous) {
        Session again = new Session(previous.config, new ProxyManager(engine, previous.config.registry()));
        try {
            again.start(VERSION);
        } catch (BadInputException e) {
            again.end();
            return false;
        }
        hook.session(again);
        return true;
    }

    private String error(String message) {
        tell(Level.WARNING, message);
        return "error: " + message;
    }

    /** The agent's own news: always on stderr, and in log_output when there is one. */
    private void tell(Level level, String message) {
        System.err.println("vaurien agent: " + message);
        if (logFile != null) {
            LOG.log(level, "vaurien agent: " + message);
        }
    }

    /** Ends the session: faults stop, redirects end, the advice is taken out where the JVM allows. */
    private synchronized String end(String why) {
        Session s = hook.session();
        if (s == null) {
            return "no session was running";
        }
        hook.session(null);
        s.end();
        boolean removed = instrumenter.uninstall();
        String status = "session ended (" + why + "): faults stopped, redirects ended"
                + (removed ? ", the connects' instrumentation removed" : "");
        tell(Level.INFO, status);
        return status;
    }

    /** A loopback port bound but not listening: a connect to it is refused by the kernel itself. */
    private InetSocketAddress refusingAddress() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reserved.add(s);
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    /**
     * The black hole, made on the timer thread: its last filler waits out a connect timeout, which
     * the application's start need not wait for. Its first use waits for it.
     */
    private Supplier<InetSocketAddress> blackholeOnTimerThread() {
        Future<InetSocketAddress> made = timer.submit(() -> {
            Bridge.markOwnThread();
            return blackholeAddress();
        });
        return () -> {
            try {
                return made.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the black hole was made", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("no black hole: " + e.getCause(), e.getCause());
            }
        };
    }

    /** A listener that never accepts, its queue kept full: a connect to it never completes. */
    @SuppressWarnings("resource")
    private InetSocketAddress blackholeAddress() throws IOException {
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        blackhole = full; // kept reachable: a collected ServerSocket is closed, and connects get refused
        InetSocketAddress address = (InetSocketAddress) full.getLocalSocketAddress();
        for (int i = 0; i < 4; i++) {
            // on the agent's own thread: never redirected. A loopback connect with room in the
            // queue completes within the call; a short timeout keeps this thread out of native
            // code when the JVM exits (which waits for such threads)
            Socket filler = new Socket();
            try {
                filler.connect(address, 20);
                reserved.add(filler);
            } catch (IOException queueFull) {
                filler.close();
                break;
            }
        }
        return address;
    }

    /** The engine's log: warnings on stderr, or everything from INFO up in log_output; never the application's. */
    private void logTo(String file) {
        Logging.configure(file == null ? "warning" : "info", file);
        logFile = file;
    }
}

package org.vaurien.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.vaurien.agent.bridge.Bridge;

/**
 * Puts the advice into the JDK's socket classes and takes the connects' out again: retransformation
 * of bootstrap classes, without changing their shape, so it works on classes already loaded.
 */
final class Instrumenter {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    /** Loaded before retransforming them: a class not loaded yet is not transformed after the fact. */
    private static final String[] CLASSES = {"java.net.Socket", "sun.nio.ch.SocketChannelImpl",
        "sun.nio.ch.AsynchronousSocketChannelImpl", "sun.nio.ch.UnixAsynchronousSocketChannelImpl",
        "sun.nio.ch.SelectionKeyImpl"};

    private final Instrumentation inst;
    /** The connects' advice: redirects, held connects. Taken out at detach. */
    private ResettableClassFileTransformer connects;
    /**
     * The advice of the methods that report a connection's peer: it stays after detach, so that
     * a connection opened through the agent reports the target the application asked for for as
     * long as it lives (after the last one is gone, each call costs an empty map's check).
     */
    private ResettableClassFileTransformer addresses;

    Instrumenter(Instrumentation inst) {
        this.inst = inst;
    }

    synchronized boolean installed() {
        return connects != null;
    }

    synchronized void install() {
        if (connects != null) {
            return;
        }
        letJavaBaseReadTheBridge();
        for (String c : CLASSES) {
            try {
                Class.forName(c, false, null);
            } catch (ClassNotFoundException | LinkageError e) {
                // not on this platform (asynchronous channels are Unix-specific here): nothing to hook
            }
        }
        if (addresses == null) {
            addresses = builder()
                    .type(named("java.net.Socket"))
                    .transform((b, type, loader, module, pd) -> b
                            .visit(Advice.to(Advices.RemoteAddress.class).on(named("getRemoteSocketAddress").and(takesArguments(0))))
                            .visit(Advice.to(Advices.RemoteInet.class).on(named("getInetAddress").and(takesArguments(0))))
                            .visit(Advice.to(Advices.RemotePort.class).on(named("getPort").and(takesArguments(0)))))
                    .type(named("sun.nio.ch.SocketChannelImpl"))
                    .transform((b, type, loader, module, pd) -> b
                            .visit(Advice.to(Advices.RemoteAddress.class).on(named("getRemoteAddress").and(takesArguments(0))))
                            .visit(Advice.to(Advices.RemoteAddress.class).on(named("remoteAddress").and(takesArguments(0)))))
                    .type(named("sun.nio.ch.AsynchronousSocketChannelImpl"))
                    .transform((b, type, loader, module, pd) -> b
                            .visit(Advice.to(Advices.RemoteAddress.class).on(named("getRemoteAddress").and(takesArguments(0)))))
                    .installOn(inst);
        }
        connects = builder()
                .type(named("java.net.Socket"))
                .transform((b, type, loader, module, pd) -> b
                        .visit(Advice.to(Advices.SocketConnect.class).on(named("connect").and(takesArguments(SocketAddress.class, int.class)))))
                .type(named("sun.nio.ch.SocketChannelImpl"))
                .transform((b, type, loader, module, pd) -> b
                        .visit(Advice.to(Advices.ChannelConnect.class).on(named("connect").and(takesArguments(SocketAddress.class))))
                        .visit(Advice.to(Advices.BlockingConnect.class).on(named("blockingConnect").and(takesArguments(SocketAddress.class, long.class)))))
                .type(named("sun.nio.ch.UnixAsynchronousSocketChannelImpl"))
                .transform((b, type, loader, module, pd) -> b
                        .visit(Advice.to(Advices.AsyncConnect.class).on(named("implConnect")))
                        .visit(Advice.to(Advices.AsyncCompletion.class).on(named("onEvent").and(takesArguments(int.class, boolean.class)))))
                .type(named("sun.nio.ch.SelectionKeyImpl"))
                .transform((b, type, loader, module, pd) -> b
                        .visit(Advice.to(Advices.InterestEvents.class).on(named("translateInterestOps").and(takesArguments(0)))))
                .installOn(inst);
    }

    /** Retransformation of loaded JDK classes, without changing their shape. */
    private static AgentBuilder.Ignored builder() {
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new Failures())
                .ignore(none());
    }

    /** Takes the connects' advice out again where the JVM allows it; false when it could not. */
    synchronized boolean uninstall() {
        if (connects == null) {
            return true;
        }
        boolean reset = connects.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        connects = null;
        return reset;
    }

    /**
     * Inlined advice in java.base calls the bridge, which sits in the boot loader's unnamed
     * module; the agent itself reaches into sun.nio.ch to release a held asynchronous connect.
     */
    private void letJavaBaseReadTheBridge() {
        Module javaBase = Object.class.getModule();
        Module bridge = Bridge.class.getModule();
        inst.redefineModule(javaBase, Set.of(bridge), Map.of(),
                Map.of("sun.nio.ch", Set.of(Instrumenter.class.getModule())), Set.of(), Map.of());
    }

    /** Transformation failures go to the log, never to the application. */
    private static final class Failures extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            LOG.warning(() -> "vaurien agent: cannot instrument " + typeName + ": " + throwable);
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            LOG.fine(() -> "vaurien agent: instrumented " + type.getName());
        }
    }
}

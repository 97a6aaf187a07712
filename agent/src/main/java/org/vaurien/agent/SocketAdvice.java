package org.vaurien.agent;

import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.F_SAME;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SWAP;

import java.util.List;
import java.util.function.Consumer;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The code put into the JDK's socket classes: one or two calls to the bridge per method, at its
 * entry or before its returns, and nothing else (no new branch but one, no new local), so that a
 * retransformation accepts it and the method's own stack map frames stay true. The bridge's
 * methods swallow every throwable but the IOException of an injected connect fault.
 */
final class SocketAdvice {
    private static final String BRIDGE = "org/vaurien/agent/bridge/Bridge";
    private static final String OBJECT = "Ljava/lang/Object;";
    private static final String ADDRESS = "Ljava/net/SocketAddress;";
    private static final String SOCKET = "java/net/Socket";
    private static final String CHANNEL = "sun/nio/ch/SocketChannelImpl";
    private static final String ASYNC = "sun/nio/ch/AsynchronousSocketChannelImpl";
    private static final String UNIX_ASYNC = "sun/nio/ch/UnixAsynchronousSocketChannelImpl";
    private static final String NETTY_SOCKET = "io/netty/channel/unix/Socket";
    private static final String NETTY_URING = "io/netty/channel/uring/AbstractIoUringChannel";
    private static final String TRUST_MANAGER = "sun/security/ssl/X509TrustManagerImpl";

    /**
     * A method (its descriptor's start: parameters, not always the return) and the code it gets.
     * Its class is a JDK class of the boot loader, or, when {@code library}, a class of any
     * loader whose name ends with {@code owner} (a library's shaded copies included).
     */
    record Advised(String owner, String name, String parameters, Insertion insertion, boolean library) {
        Advised(String owner, String name, String parameters, Insertion insertion) {
            this(owner, name, parameters, insertion, false);
        }

        boolean matches(String methodName, String descriptor) {
            return name.equals(methodName) && descriptor.startsWith(parameters);
        }

        boolean holds(ClassLoader loader, String className) {
            return library ? loader != null && (className.equals(owner) || className.endsWith("/" + owner))
                    : loader == null && className.equals(owner);
        }

        String where() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    /** Wraps the method's visitor so that it writes the advice along with the method's own code. */
    interface Insertion {
        MethodVisitor wrap(MethodVisitor method, String descriptor);
    }

    /** Redirects and held connects: taken out again at detach. */
    static final List<Advised> CONNECTS = List.of(
            // every SocketImpl, SSL sockets included; the application's timeout may be shortened
            new Advised(SOCKET, "connect", "(" + ADDRESS + "I)", atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                m.visitVarInsn(ILOAD, 2);
                bridge(m, "connect", "(" + OBJECT + ADDRESS + "I)" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
                m.visitVarInsn(ILOAD, 2);
                bridge(m, "connectTimeout", "(I)I");
                m.visitVarInsn(ISTORE, 2);
            })),
            // blocking and non-blocking NIO, Netty's NIO transport, java.net.http
            new Advised(CHANNEL, "connect", "(" + ADDRESS + ")", atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                bridge(m, "connectChannel", "(" + OBJECT + ADDRESS + ")" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
            })),
            // the path of channel.socket().connect(address, timeout)
            new Advised(CHANNEL, "blockingConnect", "(" + ADDRESS + "J)", atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                m.visitVarInsn(LLOAD, 2);
                bridge(m, "millis", "(J)I");
                bridge(m, "connect", "(" + OBJECT + ADDRESS + "I)" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
                m.visitVarInsn(LLOAD, 2);
                bridge(m, "connectTimeoutNanos", "(J)J");
                m.visitVarInsn(LSTORE, 2);
            })),
            // AsynchronousSocketChannel.connect: the application waits on its own future or handler
            new Advised(UNIX_ASYNC, "implConnect", "(" + ADDRESS, atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                bridge(m, "connectAsync", "(" + OBJECT + ADDRESS + ")" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
            })),
            // the completion of an asynchronous connect held by slow_connect: the event waits
            new Advised(UNIX_ASYNC, "onEvent", "(IZ)V", atEntry(m -> {
                Label go = new Label();
                m.visitVarInsn(ALOAD, 0);
                bridge(m, "holdsCompletion", "(" + OBJECT + ")Z");
                m.visitJumpInsn(IFEQ, go);
                m.visitInsn(RETURN);
                m.visitLabel(go);
                m.visitFrame(F_SAME, 0, null, 0, null);
            })),
            // tls = terminate: the JDK's trust check of a certificate the agent's proxy showed for its target
            trustCheck("Ljavax/net/ssl/SSLEngine;"),
            trustCheck("Ljava/net/Socket;"),
            // Netty's epoll transport (gRPC's and others' shaded copies too) hands its address to native code here
            new Advised(NETTY_SOCKET, "connect", "(" + ADDRESS + ")Z", atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                bridge(m, "connectNative", "(" + OBJECT + ADDRESS + ")" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
            }), true),
            // Netty's io_uring transport writes the address into a submission to the kernel: it is taken here
            new Advised(NETTY_URING + "$AbstractUringUnsafe", "connect", "(" + ADDRESS + ADDRESS, atEntry(m -> {
                m.visitVarInsn(ALOAD, 0);
                m.visitVarInsn(ALOAD, 1);
                bridge(m, "connectUring", "(" + OBJECT + ADDRESS + ")" + ADDRESS);
                m.visitVarInsn(ASTORE, 1);
            }), true),
            // a non-blocking connect held by slow_connect asks the kernel for no event until its time
            new Advised("sun/nio/ch/SelectionKeyImpl", "translateInterestOps", "()I",
                    beforeReturn(IRETURN, m -> bridge(m, "interestEvents", "(" + OBJECT + "I)I"))));

    /**
     * The getters of a connection's peer: the address the application asked for. They stay after
     * detach, for the connections opened through the agent.
     */
    static final List<Advised> ADDRESSES = List.of(
            new Advised(SOCKET, "getRemoteSocketAddress", "()", peer("remote", ADDRESS)),
            new Advised(SOCKET, "getInetAddress", "()", peer("remoteInet", "Ljava/net/InetAddress;")),
            new Advised(SOCKET, "getPort", "()I", beforeReturn(IRETURN, m -> bridge(m, "remotePort", "(" + OBJECT + "I)I"))),
            new Advised(CHANNEL, "getRemoteAddress", "()", peer("remote", ADDRESS)),
            new Advised(CHANNEL, "remoteAddress", "()", peer("remote", ADDRESS)),
            new Advised(ASYNC, "getRemoteAddress", "()", peer("remote", ADDRESS)),
            new Advised(NETTY_SOCKET, "remoteAddress", "()", peer("remote", ADDRESS), true),
            new Advised(NETTY_URING, "remoteAddress0", "()", peer("remote", ADDRESS), true));

    private SocketAdvice() {
    }

    /** {@code checkServerTrusted(chain, authType, peer)} returns at once when the bridge says the agent trusts the chain. */
    private static Advised trustCheck(String peerType) {
        return new Advised(TRUST_MANAGER, "checkServerTrusted", "([Ljava/security/cert/X509Certificate;Ljava/lang/String;" + peerType + ")",
                atEntry(m -> {
                    Label go = new Label();
                    m.visitVarInsn(ALOAD, 1);
                    m.visitVarInsn(ALOAD, 3);
                    bridge(m, "trustedByAgent", "([Ljava/security/cert/X509Certificate;" + OBJECT + ")Z");
                    m.visitJumpInsn(IFEQ, go);
                    m.visitInsn(RETURN);
                    m.visitLabel(go);
                    m.visitFrame(F_SAME, 0, null, 0, null);
                }));
    }

    private static void bridge(MethodVisitor m, String method, String descriptor) {
        m.visitMethodInsn(INVOKESTATIC, BRIDGE, method, descriptor, false);
    }

    private static Insertion atEntry(Consumer<MethodVisitor> code) {
        return (method, descriptor) -> new MethodVisitor(Opcodes.ASM9, method) {
            @Override
            public void visitCode() {
                super.visitCode();
                code.accept(mv);
            }
        };
    }

    /** {@code code} runs with the returned value on the stack and leaves its replacement there. */
    private static Insertion beforeReturn(int returnOpcode, Consumer<MethodVisitor> code) {
        return (method, descriptor) -> new MethodVisitor(Opcodes.ASM9, method) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == returnOpcode) {
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitInsn(SWAP);
                    code.accept(mv);
                }
                super.visitInsn(opcode);
            }
        };
    }

    /** A getter of the peer's address, whatever subtype of {@code type} it declares. */
    private static Insertion peer(String bridgeMethod, String type) {
        return (method, descriptor) -> {
            String returned = Type.getReturnType(descriptor).getInternalName();
            return beforeReturn(ARETURN, m -> {
                bridge(m, bridgeMethod, "(" + OBJECT + type + ")" + type);
                if (!type.equals("L" + returned + ";")) {
                    m.visitTypeInsn(CHECKCAST, returned);
                }
            }).wrap(method, descriptor);
        };
    }
}

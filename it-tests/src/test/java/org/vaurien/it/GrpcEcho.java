package org.vaurien.it;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC service of one unary method, text in and text out, with no generated code: a real gRPC
 * server and client (HTTP/2 over gRPC's shaded Netty, epoll on Linux) without protobuf.
 */
final class GrpcEcho {
    static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("vaurien.Echo/Echo")
            .setRequestMarshaller(new Text()).setResponseMarshaller(new Text()).build();

    private GrpcEcho() {
    }

    /** Serves {@link #ECHO} on loopback only, on a port of the kernel's choosing. */
    static Server start() throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        InsecureServerCredentials.create())
                .addService(ServerServiceDefinition.builder("vaurien.Echo")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                            reply.onNext("echo " + request);
                            reply.onCompleted();
                        })).build())
                .build().start();
    }

    /** One call on a new channel, with gRPC's defaults but a deadline; whether its Netty has epoll, and the reply. */
    static String call(String host, int port) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build();
        try {
            String reply = ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS),
                    "ping");
            return "epoll=" + io.grpc.netty.shaded.io.netty.channel.epoll.Epoll.isAvailable() + " " + reply;
        } finally {
            channel.shutdownNow().awaitTermination(3, TimeUnit.SECONDS);
        }
    }

    private static final class Text implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

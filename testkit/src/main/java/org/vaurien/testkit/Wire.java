package org.vaurien.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** A plain socket client for the tests: one request, and what came back. */
public final class Wire {
    private Wire() {
    }

    /** What one exchange gave the client. */
    public enum Outcome { ECHOED, OTHER_BYTES, CLOSED, TIMED_OUT }

    /** Sends a request on a new loopback connection to {@code port} and classifies what came back. */
    public static Outcome once(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request);
            return read(s, request);
        }
    }

    /** One exchange on an open connection. */
    public static Outcome exchangeOn(Socket s, byte[] request) throws IOException {
        s.getOutputStream().write(request);
        return read(s, request);
    }

    public static Outcome read(Socket s, byte[] expected) throws IOException {
        byte[] got = new byte[expected.length];
        int n;
        try {
            n = readFully(s.getInputStream(), got);
        } catch (SocketTimeoutException e) {
            return Outcome.TIMED_OUT;
        } catch (IOException e) {
            return Outcome.CLOSED;
        }
        if (n < expected.length) {
            return n == 0 ? Outcome.CLOSED : Outcome.OTHER_BYTES;
        }
        return Arrays.equals(got, expected) ? Outcome.ECHOED : Outcome.OTHER_BYTES;
    }

    /** Reads until the array is full or the stream ends; returns how many bytes came. */
    public static int readFully(InputStream in, byte[] into) throws IOException {
        int total = 0;
        while (total < into.length) {
            int n = in.read(into, total, into.length - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Polls a condition for up to {@code millis}; true as soon as it holds. */
    /** The SHA-256 of the next {@code bytes} bytes of the socket; an end before them is an error. */
    public static byte[] digest(Socket s, long bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("the stream ended with " + left + " bytes to go");
                }
                md.update(buf, 0, n);
                left -= n;
            }
            return md.digest();
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean eventually(long millis, BooleanSupplier condition) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}

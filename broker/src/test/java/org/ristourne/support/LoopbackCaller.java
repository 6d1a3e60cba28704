package org.ristourne.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls the broker from a loopback address of its own (127.x.y.z; Linux answers on all of 127.0.0.0/8), so that a
 * test may exhaust the per-address throttle of failed sign-ins without throttling 127.0.0.1, which every other test
 * of the same cached context calls from. Plain HTTP/1.1 over a socket: Java's HttpClient cannot choose its source
 * address.
 */
public final class LoopbackCaller {

    private final String address;
    private final int port;

    private LoopbackCaller(String address, int port) {
        this.address = address;
        this.port = port;
    }

    /** A random address in 127.64.0.0/10, unlikely to be any other test's. */
    public static LoopbackCaller fresh(int port) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new LoopbackCaller("127." + random.nextInt(64, 128) + "." + random.nextInt(256) + "."
                + random.nextInt(1, 255), port);
    }

    public String address() {
        return address;
    }

    public record Answer(int status, String text) {
    }

    /** A request with Basic credentials; the whole answer (status line, headers, body) comes back as text. */
    public Answer basic(String method, String path, String name, String password) {
        String credentials = Base64.getEncoder().encodeToString((name + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic "
                + credentials + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        return raw(request.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A POST whose header lines are sent byte for byte as given (so they may hold bytes no HTTP client would send),
     * with the body in UTF-8.
     */
    public Answer post(String path, java.util.List<byte[]> headerLines, String body) {
        return post(path, headerLines, body.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #post(String, java.util.List, String)}, with the body's bytes as given. */
    public Answer post(String path, java.util.List<byte[]> headerLines, byte[] bytes) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] line : headerLines) {
            request.writeBytes(line);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        request.writeBytes(new byte[] {'\r', '\n'});
        request.writeBytes(bytes);
        return raw(request.toByteArray());
    }

    private Answer raw(byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(address), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        } catch (IOException e) {
            throw new UncheckedIOException("request from " + address + " failed", e);
        }
    }
}

package dev.nodescope.watch.sink;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A webhook (or Alertmanager) receiver on loopback (the JDK's HTTP server): keeps each request's body and
 * Authorization header, answers the status {@code status} gives for the request's number (from 0).
 */
public final class Receiver implements AutoCloseable {
    public record Request(String body, String authorization, int status) {
    }

    private final HttpServer server;
    private final String path;
    private final List<Request> requests = new ArrayList<>();
    private final IntUnaryOperator status;
    /** While set, each request waits for it before being answered. */
    volatile CountDownLatch hold;
    /** Requests that came in, answered or not. */
    final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();

    private Receiver(String path, int port, IntUnaryOperator status) throws IOException {
        this.status = status;
        this.path = path;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                arrived.incrementAndGet();
                CountDownLatch h = hold;
                if (h != null) {
                    h.await(30, TimeUnit.SECONDS);
                }
                int code;
                synchronized (this) {
                    code = this.status.applyAsInt(requests.size());
                    requests.add(new Request(body, exchange.getRequestHeaders().getFirst("Authorization"), code));
                    notifyAll();
                }
                byte[] answer = code == 204 ? new byte[0] : ("boom " + code).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static Receiver start(int port, IntUnaryOperator status) throws IOException {
        return new Receiver("/hook", port, status);
    }

    /** Answers 200 to every request on {@code path}, e.g. Alertmanager's {@code /api/v2/alerts}, on a free port. */
    public static Receiver at(String path) throws IOException {
        return new Receiver(path, 0, n -> 200);
    }

    /** A port nothing listens on (yet). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Where it listens, without its path: what {@code --alertmanager} takes. */
    public String base() {
        return "http://127.0.0.1:" + port();
    }

    String url() {
        return base() + path;
    }

    /** Waits until {@code n} requests came in; returns them all. */
    public synchronized List<Request> await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (requests.size() < n && System.nanoTime() < deadline) {
            wait(100);
        }
        return List.copyOf(requests);
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.nodescope.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for bitcoind's RPC server on 127.0.0.1, answering with the real node's answers. It
 * behaves as Core's HTTP server does where our client depends on it: basic auth (401 with
 * WWW-Authenticate), rpcwhitelist (403 for a single call or for a whole batch holding one method
 * not allowed), "Method not found" (-32601) for methods it does not have, JSON-RPC 2.0 replies (or
 * the legacy style, errors with HTTP 404/500, as before v28).
 */
public final class StubNode implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, JsonNode> answers = new HashMap<>();
    private final String user;
    private final String password;
    private volatile Set<String> whitelist;
    private volatile boolean legacy;
    private volatile long delayMillis;
    private final AtomicInteger requests = new AtomicInteger();

    public StubNode(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The real node's answers from src/test/resources/dev/nodescope/addrman. */
    public static StubNode withRealAnswers(String user, String password) throws IOException {
        StubNode node = new StubNode(user, password);
        node.answer("getrawaddrman", resource("regtest-getrawaddrman.json"));
        node.answer("getaddrmaninfo", resource("regtest-getaddrmaninfo.json"));
        node.answer("getpeerinfo", resource("regtest-getpeerinfo.json"));
        node.answer("getnetworkinfo", resource("stub-getnetworkinfo.json"));
        return node;
    }

    public static JsonNode resource(String name) {
        try (InputStream in = StubNode.class.getResourceAsStream("/dev/nodescope/addrman/" + name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StubNode answer(String method, JsonNode result) {
        answers.put(method, result);
        return this;
    }

    public StubNode forget(String method) {
        answers.remove(method);
        return this;
    }

    /** Like {@code -rpcwhitelist=USER:methods}: only these methods for our user. */
    public StubNode whitelist(Set<String> methods) {
        this.whitelist = methods;
        return this;
    }

    /** Answer as nodes before v28: errors with HTTP status codes, no "jsonrpc" member. */
    public StubNode legacy(boolean legacy) {
        this.legacy = legacy;
        return this;
    }

    public StubNode delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = JSON.readTree(ex.getRequestBody());
            if (whitelist != null) {
                for (JsonNode r : request.isArray() ? request : JSON.createArrayNode().add(request)) {
                    if (!whitelist.contains(r.path("method").asText())) {
                        ex.sendResponseHeaders(403, -1);
                        return;
                    }
                }
            }
            int status = 200;
            JsonNode reply;
            if (request.isArray()) {
                ArrayNode replies = JSON.createArrayNode();
                request.forEach(r -> replies.add(reply(r)));
                reply = replies;
            } else {
                reply = reply(request);
                if (legacy && reply.path("error").isObject()) {
                    status = reply.path("error").path("code").asInt() == -32601 ? 404 : 500;
                }
            }
            byte[] body = JSON.writeValueAsBytes(reply);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private ObjectNode reply(JsonNode r) {
        ObjectNode o = JSON.createObjectNode();
        if (!legacy) {
            o.put("jsonrpc", "2.0");
        }
        JsonNode answer = answers.get(r.path("method").asText());
        if (answer == null) {
            if (legacy) {
                o.putNull("result");
            }
            o.putObject("error").put("code", -32601).put("message", "Method not found");
        } else {
            o.set("result", answer);
            if (legacy) {
                o.putNull("error");
            }
        }
        o.set("id", r.path("id"));
        return o;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

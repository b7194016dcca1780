package dev.nodescope.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bitcoin Core's JSON-RPC over HTTP: one call or a batch (one round trip for several methods), HTTP
 * basic auth from {@link RpcCredentials}, a timeout on connecting and on every answer. Every
 * failure is an {@link RpcException} with a one-line message naming the node, never the secret.
 *
 * <p>Requests say {@code "jsonrpc": "2.0"}; nodes before v28 answer in the legacy style (errors
 * with HTTP 404/500 and a JSON body), which is read the same way.
 */
public final class RpcClient implements AutoCloseable {
    /** Methods that arrived with v26; a node that does not know them is too old. */
    private static final Map<String, String> SINCE = Map.of("getrawaddrman", "v26", "getaddrmaninfo", "v26");
    private static final int RPC_METHOD_NOT_FOUND = -32601;

    private final ObjectMapper json = new ObjectMapper();
    private final URI endpoint;
    private final String where;
    private final RpcCredentials credentials;
    private final Duration timeout;
    private final HttpClient http;
    private long nextId = 1;

    public RpcClient(String host, int port, RpcCredentials credentials, Duration timeout) {
        this.endpoint = URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/");
        this.where = endpoint.getHost() + ":" + port;
        this.credentials = credentials;
        this.timeout = timeout;
        // HTTP/1.1 only: bitcoind's server does not speak HTTP/2 and need not see an upgrade offer
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** host:port of the node, for messages. */
    public String where() {
        return where;
    }

    /** One call; its result. */
    public JsonNode call(String method, Object... params) {
        return batch(List.of(RpcCall.of(method, params))).getFirst();
    }

    /** Several calls in one request; their results in the same order. Any error fails the whole batch. */
    public synchronized List<JsonNode> batch(List<RpcCall> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        long firstId = nextId;
        nextId += calls.size();
        ArrayNode request = json.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode o = request.addObject();
            o.put("jsonrpc", "2.0");
            o.put("id", firstId + i);
            o.put("method", calls.get(i).method());
            ArrayNode params = o.putArray("params");
            calls.get(i).params().forEach(p -> params.add(json.valueToTree(p)));
        }
        String methods = calls.stream().map(RpcCall::method).collect(Collectors.joining(", "));
        HttpResponse<byte[]> response = send(request, methods);
        int status = response.statusCode();
        if (status == 401) {
            throw new RpcException(RpcException.Kind.CREDENTIALS, "the node at " + where + " refused the credentials from "
                    + credentials.origin() + " (HTTP 401: check --datadir/--chain or --rpccookiefile for the cookie, the password for --rpcuser)");
        }
        if (status == 403) {
            throw new RpcException(RpcException.Kind.NOT_WHITELISTED, "RPC user " + credentials.user() + " may not call "
                    + methods + " at " + where + " (HTTP 403: add them to its rpcwhitelist line, see docs/addrman.md)");
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? null : json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isArray() && !body.isObject()) {
            throw new RpcException(RpcException.Kind.ERROR, "the node at " + where + " answered " + methods + " with HTTP "
                    + status + " and no JSON-RPC reply (is " + where + " bitcoind's -rpcport?)");
        }
        // a legacy-style error for a batch comes back as a single object
        List<JsonNode> replies = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(replies::add);
        } else {
            replies.add(body);
        }
        List<JsonNode> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            results.add(null);
        }
        for (JsonNode reply : replies) {
            JsonNode error = reply.path("error");
            long id = reply.path("id").asLong(-1);
            int index = (int) (id - firstId);
            String method = index >= 0 && index < calls.size() ? calls.get(index).method() : methods;
            if (!error.isMissingNode() && !error.isNull()) {
                throw failure(method, error);
            }
            if (index < 0 || index >= calls.size()) {
                throw new RpcException(RpcException.Kind.ERROR, "the node at " + where + " answered an id we did not send ("
                        + reply.path("id") + ")");
            }
            results.set(index, reply.path("result"));
        }
        for (int i = 0; i < calls.size(); i++) {
            if (results.get(i) == null) {
                throw new RpcException(RpcException.Kind.ERROR, "the node at " + where + " did not answer " + calls.get(i).method());
            }
        }
        return results;
    }

    private HttpResponse<byte[]> send(JsonNode request, String methods) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", credentials.authorizationHeader())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "node not reachable at " + where + ": no connection within "
                    + seconds(timeout) + " (is bitcoind running with -server, and is this its -rpcport?)");
        } catch (HttpTimeoutException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "the node at " + where + " did not answer " + methods + " within "
                    + seconds(timeout) + " (busy? raise --rpc-timeout)");
        } catch (ConnectException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "node not reachable at " + where
                    + ": connection refused (is bitcoind running with -server, and is this its -rpcport?)");
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.UNREACHABLE, "node not reachable at " + where + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcException.Kind.UNREACHABLE, "interrupted while calling " + methods + " at " + where);
        }
    }

    private RpcException failure(String method, JsonNode error) {
        int code = error.path("code").asInt();
        String message = error.path("message").asText();
        if (code == RPC_METHOD_NOT_FOUND) {
            String since = SINCE.get(method);
            return new RpcException(RpcException.Kind.METHOD_NOT_FOUND, code, since == null
                    ? "the node at " + where + " has no " + method + " (RPC error " + code + ")"
                    : "the node at " + where + " has no " + method + ": it needs Bitcoin Core " + since + " or later");
        }
        return new RpcException(RpcException.Kind.ERROR, code, method + " failed at " + where + ": " + message
                + " (RPC error " + code + ")");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        http.close();
    }
}

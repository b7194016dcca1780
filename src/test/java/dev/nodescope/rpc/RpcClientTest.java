package dev.nodescope.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RPC client against a stand-in node answering with a real node's answers: every path, and no secret in any message. */
class RpcClientTest {
    private static final String COOKIE_PASSWORD = "5f1c0d9a3b7e2c4d6a8b0e1f3c5d7a9b2e4f6a8c0d1e3f5a7b9c1d3e5f7a9b1c";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Path cookie(Path datadir, String password) throws IOException {
        Path file = Chain.REGTEST.cookieFile(datadir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "__cookie__:" + password);
        return file;
    }

    @Test
    void cookieFoundFromDatadirAndChainAuthenticates(@TempDir Path datadir) throws Exception {
        Path file = cookie(datadir, COOKIE_PASSWORD);
        assertThat(file).isEqualTo(datadir.resolve("regtest/.cookie"));
        assertThat(Chain.MAIN.cookieFile(datadir)).isEqualTo(datadir.resolve(".cookie"));
        assertThat(Chain.TEST.cookieFile(datadir)).isEqualTo(datadir.resolve("testnet3/.cookie"));
        assertThat(Chain.named("testnet4").defaultRpcPort()).isEqualTo(48332);
        try (StubNode node = StubNode.withRealAnswers("__cookie__", COOKIE_PASSWORD);
             RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.cookie(file), TIMEOUT)) {
            JsonNode info = rpc.call("getaddrmaninfo");
            assertThat(info.path("all_networks").path("new").asInt()).isEqualTo(382);
            assertThat(info.path("all_networks").path("tried").asInt()).isEqualTo(76);
            assertThat(info.path("ipv6").path("total").asInt()).isEqualTo(60);
        }
    }

    @Test
    void batchAnswersInOrderInOneRequest(@TempDir Path datadir) throws Exception {
        Path file = cookie(datadir, COOKIE_PASSWORD);
        try (StubNode node = StubNode.withRealAnswers("__cookie__", COOKIE_PASSWORD);
             RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.cookie(file), TIMEOUT)) {
            List<JsonNode> r = rpc.batch(List.of(RpcCall.of("getpeerinfo"), RpcCall.of("getrawaddrman"),
                    RpcCall.of("getnetworkinfo")));
            assertThat(node.requests()).isEqualTo(1);
            assertThat(r.get(0).size()).isEqualTo(2);
            assertThat(r.get(0).get(1).path("addr").asText()).isEqualTo("127.0.0.1:39912");
            assertThat(r.get(1).path("new").size()).isEqualTo(382);
            assertThat(r.get(1).path("tried").size()).isEqualTo(76);
            assertThat(r.get(2).path("version").asInt()).isEqualTo(319900);
        }
    }

    @Test
    void wrongCredentialsSayWhereTheyCameFromNeverWhatTheyAre(@TempDir Path datadir) throws Exception {
        String wrong = "0000wrongwrongwrongwrong";
        Path file = cookie(datadir, wrong);
        try (StubNode node = StubNode.withRealAnswers("__cookie__", COOKIE_PASSWORD);
             RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.cookie(file), TIMEOUT)) {
            assertThatThrownBy(() -> rpc.call("getaddrmaninfo"))
                    .isInstanceOf(RpcException.class)
                    .hasMessage("the node at 127.0.0.1:" + node.port() + " refused the credentials from cookie file " + file
                            + " (HTTP 401: check --datadir/--chain or --rpccookiefile for the cookie, the password for --rpcuser)")
                    .satisfies(e -> assertThat(((RpcException) e).kind()).isEqualTo(RpcException.Kind.CREDENTIALS))
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong).doesNotContain(COOKIE_PASSWORD));
        }
        RpcCredentials user = RpcCredentials.user("nodescope", "s3cret-pw".toCharArray(), "password from pw.txt");
        assertThat(user.toString()).isEqualTo("RpcCredentials[user nodescope (password from pw.txt)]").doesNotContain("s3cret");
    }

    @Test
    void missingCookieSaysWhatToCheck(@TempDir Path datadir) {
        assertThatThrownBy(() -> RpcCredentials.cookie(Chain.SIGNET.cookieFile(datadir)))
                .isInstanceOf(RpcException.class)
                .hasMessage("no cookie file at " + datadir.resolve("signet/.cookie")
                        + " (is bitcoind running with this --datadir and --chain? or give --rpccookiefile or --rpcuser)");
    }

    @Test
    void notWhitelistedIsForbiddenForCallsAndBatches() throws Exception {
        try (StubNode node = StubNode.withRealAnswers("nodescope", "pw").whitelist(Set.of("getaddrmaninfo", "getpeerinfo"));
             RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.user("nodescope", "pw".toCharArray(), "test"), TIMEOUT)) {
            assertThat(rpc.call("getaddrmaninfo").path("all_networks").path("total").asInt()).isEqualTo(458);
            assertThatThrownBy(() -> rpc.call("getrawaddrman"))
                    .isInstanceOf(RpcException.class)
                    .hasMessage("RPC user nodescope may not call getrawaddrman at 127.0.0.1:" + node.port()
                            + " (HTTP 403: add them to its rpcwhitelist line, see docs/addrman.md)");
            assertThatThrownBy(() -> rpc.batch(List.of(RpcCall.of("getpeerinfo"), RpcCall.of("getnetworkinfo"))))
                    .isInstanceOf(RpcException.class)
                    .satisfies(e -> assertThat(((RpcException) e).kind()).isEqualTo(RpcException.Kind.NOT_WHITELISTED))
                    .hasMessageContaining("may not call getpeerinfo, getnetworkinfo at");
        }
    }

    @Test
    void nodeBeforeV26HasNoGetrawaddrman() throws Exception {
        for (boolean legacy : new boolean[] {false, true}) {
            try (StubNode node = StubNode.withRealAnswers("u", "p").forget("getrawaddrman").forget("getaddrmaninfo").legacy(legacy);
                 RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.user("u", "p".toCharArray(), "test"), TIMEOUT)) {
                assertThatThrownBy(() -> rpc.call("getrawaddrman"))
                        .isInstanceOf(RpcException.class)
                        .hasMessage("the node at 127.0.0.1:" + node.port() + " has no getrawaddrman: it needs Bitcoin Core v26 or later");
                assertThatThrownBy(() -> rpc.batch(List.of(RpcCall.of("getnetworkinfo"), RpcCall.of("getaddrmaninfo"))))
                        .isInstanceOf(RpcException.class)
                        .satisfies(e -> assertThat(((RpcException) e).kind()).isEqualTo(RpcException.Kind.METHOD_NOT_FOUND))
                        .hasMessage("the node at 127.0.0.1:" + node.port() + " has no getaddrmaninfo: it needs Bitcoin Core v26 or later");
                assertThatThrownBy(() -> rpc.call("nosuchmethod"))
                        .hasMessage("the node at 127.0.0.1:" + node.port() + " has no nosuchmethod (RPC error -32601)");
                // the legacy node answered a lone failing call with HTTP 404 and a JSON body: read the same
                assertThat(rpc.call("getnetworkinfo").path("subversion").asText()).isEqualTo("/Satoshi:31.99.0/");
            }
        }
    }

    @Test
    void nothingListeningIsNotReachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (RpcClient rpc = new RpcClient("127.0.0.1", port, RpcCredentials.user("u", "p".toCharArray(), "test"), TIMEOUT)) {
            assertThatThrownBy(() -> rpc.call("getaddrmaninfo"))
                    .isInstanceOf(RpcException.class)
                    .hasMessage("node not reachable at 127.0.0.1:" + port
                            + ": connection refused (is bitcoind running with -server, and is this its -rpcport?)");
        }
    }

    @Test
    void slowAnswerTimesOut() throws Exception {
        try (StubNode node = StubNode.withRealAnswers("u", "p").delay(2_000);
             RpcClient rpc = new RpcClient("127.0.0.1", node.port(), RpcCredentials.user("u", "p".toCharArray(), "test"),
                     Duration.ofMillis(300))) {
            assertThatThrownBy(() -> rpc.call("getaddrmaninfo"))
                    .isInstanceOf(RpcException.class)
                    .hasMessage("the node at 127.0.0.1:" + node.port() + " did not answer getaddrmaninfo within 300 ms (busy? raise --rpc-timeout)");
        }
    }

    @Test
    void somethingElseOnThePortIsNotJsonRpc() throws Exception {
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            byte[] body = "<html>hello</html>".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        try (RpcClient rpc = new RpcClient("127.0.0.1", other.getAddress().getPort(),
                RpcCredentials.user("u", "p".toCharArray(), "test"), TIMEOUT)) {
            assertThatThrownBy(() -> rpc.call("getaddrmaninfo"))
                    .hasMessage("the node at 127.0.0.1:" + other.getAddress().getPort()
                            + " answered getaddrmaninfo with HTTP 200 and no JSON-RPC reply (is 127.0.0.1:"
                            + other.getAddress().getPort() + " bitcoind's -rpcport?)");
        } finally {
            other.stop(0);
        }
    }
}

package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.rpc.StubNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code web --rpc}: the first addrman snapshot is taken before serving, so a wrong port or password is one line at once. */
class WebCommandRpcTest {
    static final String PASSWORD = "web-rpc-test-password";

    @Test
    void pollsTheNodeWhileServingAndStopsAtOnceOnAWrongPassword(@TempDir Path dir) throws Exception {
        BusyNodeArchive archive = BusyNodeArchive.write(dir.resolve("rec"));
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-" + PASSWORD + "\n");
        try (StubNode node = StubNode.withRealAnswers("nodescope", PASSWORD)) {
            String port = String.valueOf(node.port());
            Cli.Result ok = Cli.run("web", "--replay", archive.dir().toString(), "--listen", "127.0.0.1:0", "--rpc", "--rpcport", port,
                    "--rpcuser", "nodescope", "--rpcpassword-file", pw.toString(), "--duration", "2s");
            assertThat(ok.exitCode()).as(ok.stderr()).isZero();
            assertThat(ok.stderr()).contains("nodescope web: the dashboard is at http://127.0.0.1:").doesNotContain(PASSWORD);
            assertThat(node.requests()).as("the first snapshot, one batch").isEqualTo(1);

            Cli.Result refused = Cli.run("web", "--replay", archive.dir().toString(), "--listen", "127.0.0.1:0", "--rpc", "--rpcport", port,
                    "--rpcuser", "nodescope", "--rpcpassword-file", wrong.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderrLines()).singleElement().asString().startsWith("nodescope: ").doesNotContain(PASSWORD);
        }
        Cli.Result tooOften = Cli.run("web", "--replay", archive.dir().toString(), "--rpc", "--rpc-every", "100ms");
        assertThat(tooOften.exitCode()).isNotZero();
        assertThat(tooOften.stderrLines()).containsExactly("nodescope: --rpc-every must be at least 1s (getrawaddrman is a heavy call for the node)");
    }
}

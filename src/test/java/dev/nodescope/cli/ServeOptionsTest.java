package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.watch.MisbehavingArchive;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape access options, shared by {@code metrics} and {@code watch --listen}, from the command line. */
class ServeOptionsTest {
    @Test
    void aBearerTokenFromAFileGuardsTheAlertMetrics(@TempDir Path dir) throws Exception {
        Path archive = MisbehavingArchive.write(dir.resolve("rec"), false);
        Path token = Files.writeString(dir.resolve("token"), "t0ken-from-a-file\n");
        Process p = Cli.start("metrics", "--watch", "--rules", MisbehavingArchive.rules(dir), "--replay", archive.toString(), "--listen", "127.0.0.1:0", "--no-jvm-metrics",
                "--bearer-token-file", token.toString());
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            URI uri = null;
            String line;
            StringBuilder all = new StringBuilder();
            while ((line = err.readLine()) != null && !line.startsWith("nodescope: replay finished")) {
                all.append(line).append('\n');
                if (line.startsWith("nodescope: serving metrics at ")) {
                    uri = URI.create(line.substring("nodescope: serving metrics at ".length()));
                }
            }
            assertThat(all.toString()).doesNotContain("t0ken");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer t0ken-from-a-file").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("nodescope_alerts_firing{alert=\"misbehaving\",node=\"n1\",severity=\"warning\"} 2.0");
        } finally {
            p.toHandle().destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }
}

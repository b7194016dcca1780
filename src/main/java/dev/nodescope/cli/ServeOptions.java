package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.metrics.MetricsExporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Who may scrape a Prometheus endpoint and over what ({@code metrics}, {@code watch --listen}): basic auth, bearer token, TLS. */
final class ServeOptions {
    @Option(names = "--basic-auth-file", paramLabel = "FILE", description = "File holding user:password for HTTP basic auth.")
    Path basicAuthFile;

    @Option(names = "--bearer-token-file", paramLabel = "FILE", description = "File holding a bearer token required to scrape.")
    Path bearerTokenFile;

    @Mixin
    TlsOptions tls;

    /** Sets the address and access of {@code builder}; returns whether scrapers must authenticate. */
    boolean configure(MetricsExporter.Builder builder, String listen) throws IOException {
        try {
            builder.listen(listen);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        // secrets come from files, never from arguments (visible in ps) nor logs
        if (basicAuthFile != null) {
            String[] userPassword = secret(basicAuthFile).split(":", 2);
            if (userPassword.length != 2) {
                throw new UserException("--basic-auth-file must hold user:password on one line");
            }
            builder.basicAuth(userPassword[0], userPassword[1]);
        }
        if (bearerTokenFile != null) {
            String token = secret(bearerTokenFile);
            if (token.isBlank()) {
                throw new UserException("--bearer-token-file " + bearerTokenFile + " is empty");
            }
            builder.bearerToken(token);
        }
        if (tls.given()) {
            builder.tls(tls.keyStore(), tls.password());
        }
        return basicAuthFile != null || bearerTokenFile != null;
    }

    /** Whether any of these options was given (they need a server to apply to). */
    boolean given() {
        return basicAuthFile != null || bearerTokenFile != null || tls.given();
    }

    static String secret(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new UserException("cannot read " + file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}

package dev.nodescope.cli;

import dev.nodescope.fleet.NatsAccess;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which NATS server and how to log in: {@code publish}, and every tool reading a fleet ({@code --nats}). Secrets come from files. */
final class NatsOptions {
    @Option(names = "--nats", paramLabel = "URL[,URL...]",
            description = "NATS server(s), e.g. nats://127.0.0.1:4222 (tls:// for TLS); tools read the fleet's events from there.")
    String urls;

    @Option(names = "--nats-creds", paramLabel = "FILE", description = "NATS credentials file (JWT and NKey seed).")
    Path creds;

    @Option(names = "--nats-nkey", paramLabel = "FILE", description = "File holding an NKey seed.")
    Path nkey;

    @Option(names = "--nats-user-file", paramLabel = "FILE", description = "File holding user:password for NATS.")
    Path userFile;

    @Option(names = "--nats-token-file", paramLabel = "FILE", description = "File holding a NATS token.")
    Path tokenFile;

    @Option(names = "--nats-ca", paramLabel = "FILE", description = "PEM file of the CA that signed the NATS servers' certificates (TLS).")
    Path ca;

    boolean given() {
        return urls != null;
    }

    /** Whether a credential option was given (they need --nats). */
    boolean credentialsGiven() {
        return creds != null || nkey != null || userFile != null || tokenFile != null || ca != null;
    }

    NatsAccess access() {
        return new NatsAccess(urls, creds, nkey, userFile, tokenFile, ca);
    }
}

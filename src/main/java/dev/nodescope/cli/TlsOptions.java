package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** HTTPS for nodescope's servers ({@code metrics}, {@code watch --listen}, {@code web}): a PKCS#12 key store, its password from a file. */
final class TlsOptions {
    @Option(names = "--tls-keystore", paramLabel = "FILE.p12", description = "Serve HTTPS with this PKCS#12 key store.")
    Path keyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File holding the key store's password.")
    Path passwordFile;

    /** Whether HTTPS was asked for; one line when half of it was. */
    boolean given() {
        if (keyStore == null && passwordFile == null) {
            return false;
        }
        if (keyStore == null) {
            throw new UserException("--tls-keystore-password-file needs --tls-keystore");
        }
        if (passwordFile == null) {
            throw new UserException("--tls-keystore needs --tls-keystore-password-file");
        }
        return true;
    }

    Path keyStore() {
        return keyStore;
    }

    /** The key store's password, read from its file (never from an argument: those show in ps). */
    char[] password() throws IOException {
        return ServeOptions.secret(passwordFile).toCharArray();
    }
}

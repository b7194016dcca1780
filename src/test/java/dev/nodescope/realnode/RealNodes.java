package dev.nodescope.realnode;

import java.nio.file.Path;

/** Where the user's bitcoind and bitcoin-cli are ({@code NODESCOPE_BITCOIND}). */
final class RealNodes {
    private RealNodes() {
    }

    static Path bitcoind() {
        return Path.of(System.getenv(RealNodeAvailable.VARIABLE)).toAbsolutePath();
    }

    static Path bitcoinCli() {
        return bitcoind().resolveSibling("bitcoin-cli");
    }
}

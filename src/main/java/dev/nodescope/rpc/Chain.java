package dev.nodescope.rpc;

import dev.nodescope.error.UserException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The chains Bitcoin Core runs on, with what a client needs to find the node: the data directory's
 * sub-directory (where the cookie file lives) and the default RPC port.
 */
public enum Chain {
    MAIN("main", "", 8332),
    TEST("test", "testnet3", 18332),
    TESTNET4("testnet4", "testnet4", 48332),
    SIGNET("signet", "signet", 38332),
    REGTEST("regtest", "regtest", 18443);

    private final String name;
    private final String subdirectory;
    private final int defaultRpcPort;

    Chain(String name, String subdirectory, int defaultRpcPort) {
        this.name = name;
        this.subdirectory = subdirectory;
        this.defaultRpcPort = defaultRpcPort;
    }

    /** The name {@code -chain=} takes. */
    public String chainName() {
        return name;
    }

    public int defaultRpcPort() {
        return defaultRpcPort;
    }

    /** Where bitcoind writes its cookie for this chain under {@code datadir} (unless -rpccookiefile moved it). */
    public Path cookieFile(Path datadir) {
        Path dir = subdirectory.isEmpty() ? datadir : datadir.resolve(subdirectory);
        return dir.resolve(".cookie");
    }

    /** The chain named as {@code -chain=} names it ({@code main, test, testnet4, signet, regtest}). */
    public static Chain named(String name) {
        for (Chain c : values()) {
            if (c.name.equals(name.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new UserException("unknown chain '" + name + "': use main, test, testnet4, signet or regtest");
    }
}

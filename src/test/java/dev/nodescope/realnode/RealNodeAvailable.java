package dev.nodescope.realnode;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.BpfAvailable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Guards the real-node suite: it runs when {@code NODESCOPE_BITCOIND} names a bitcoind built with
 * USDT (bitcoin-cli beside it) and is skipped with the reason otherwise, CI included (CI has no
 * bitcoind). A path that is given but unusable is a failure: the user asked for these tests.
 */
public final class RealNodeAvailable implements BeforeAllCallback {
    static final String VARIABLE = "NODESCOPE_BITCOIND";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String given = System.getenv(VARIABLE);
        assumeTrue(given != null && !given.isBlank(), "real-node tests skipped: set " + VARIABLE
                + " to a bitcoind built with -DWITH_USDT=ON (bitcoin-cli beside it), e.g. ./run-tests --real-node /path/to/bitcoind");
        Path bitcoind = Path.of(given);
        if (!Files.isRegularFile(bitcoind) || !Files.isExecutable(bitcoind)) {
            fail(VARIABLE + "=" + given + " is not an executable file");
        }
        if (!Files.isExecutable(RealNodes.bitcoinCli())) {
            fail("no bitcoin-cli beside " + bitcoind + ": the real-node tests drive the node with it");
        }
        for (String tool : new String[] {"unshare", "nsenter", "ip"}) {
            if (!onPath(tool)) {
                fail("the real-node tests need '" + tool + "' (util-linux, iproute2) to keep every node in a private network namespace");
            }
        }
        new BpfAvailable().beforeAll(context);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}

package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.rpc.Chain;
import dev.nodescope.rpc.RpcClient;
import dev.nodescope.rpc.RpcCredentials;
import java.io.Console;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How to reach a node's RPC, with bitcoind's own option names where they exist. Secrets never come
 * from the command line (visible in ps and shell history): the cookie file, or a password file, or
 * a prompt.
 */
final class RpcOptions {
    @Option(names = "--rpcconnect", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The node's RPC host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--rpcport", paramLabel = "PORT", description = "The node's RPC port (default: the chain's, 8332 on main, 18443 on regtest).")
    Integer port;

    @Option(names = "--chain", paramLabel = "NAME", defaultValue = "main",
            description = "main, test, testnet4, signet or regtest: the cookie's directory and the default port (default: ${DEFAULT-VALUE}).")
    String chain;

    @Option(names = "--datadir", paramLabel = "DIR", description = "The node's -datadir, where its cookie is (default: ~/.bitcoin).")
    Path datadir;

    @Option(names = "--rpccookiefile", paramLabel = "FILE",
            description = "The node's cookie file; a relative path is under the chain's data directory, as for bitcoind.")
    Path cookieFile;

    @Option(names = "--rpcuser", paramLabel = "NAME", description = "An rpcauth user instead of the cookie; the password comes from --rpcpassword-file or a prompt.")
    String user;

    @Option(names = "--rpcpassword-file", paramLabel = "FILE", description = "File whose first line is --rpcuser's password.")
    Path passwordFile;

    @Option(names = "--rpc-timeout", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "Longest wait to connect and for each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    RpcClient client() {
        Chain c = Chain.named(chain);
        return new RpcClient(host, port != null ? port : c.defaultRpcPort(), credentials(c), timeout);
    }

    private RpcCredentials credentials(Chain c) {
        Path dir = datadir != null ? datadir : Path.of(System.getProperty("user.home"), ".bitcoin");
        if (user != null) {
            if (cookieFile != null) {
                throw new UserException("give either --rpcuser or --rpccookiefile, not both");
            }
            if (passwordFile != null) {
                return RpcCredentials.user(user, RpcCredentials.passwordFile(passwordFile), "password from " + passwordFile);
            }
            Console console = System.console();
            if (console == null) {
                throw new UserException("--rpcuser needs --rpcpassword-file here: there is no terminal to ask for the password");
            }
            char[] password = console.readPassword("RPC password for %s: ", user);
            if (password == null || password.length == 0) {
                throw new UserException("no RPC password given for --rpcuser " + user);
            }
            return RpcCredentials.user(user, password, "password typed");
        }
        if (passwordFile != null) {
            throw new UserException("--rpcpassword-file goes with --rpcuser");
        }
        Path cookie = cookieFile == null ? c.cookieFile(dir)
                : cookieFile.isAbsolute() ? cookieFile : c.cookieFile(dir).resolveSibling(cookieFile);
        return RpcCredentials.cookie(cookie);
    }
}

package dev.nodescope.rpc;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * Who we are to the node: the cookie bitcoind wrote, or an rpcauth user with its password. The
 * secret is only ever turned into an Authorization header; {@link #toString()} and every message
 * name where the credentials came from, never the secret.
 */
public final class RpcCredentials {
    private final String user;
    private final char[] password;
    private final String origin;

    private RpcCredentials(String user, char[] password, String origin) {
        this.user = user;
        this.password = password;
        this.origin = origin;
    }

    /** The cookie file bitcoind writes at start ({@code __cookie__:HEX}); it changes at every restart. */
    public static RpcCredentials cookie(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new RpcException(RpcException.Kind.CREDENTIALS, "no cookie file at " + file
                    + " (is bitcoind running with this --datadir and --chain? or give --rpccookiefile or --rpcuser)");
        } catch (IOException e) {
            throw new RpcException(RpcException.Kind.CREDENTIALS, "cannot read cookie file " + file + ": "
                    + e.getClass().getSimpleName() + " (run as the node's user, or give --rpcuser)");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || text.indexOf('\n') >= 0) {
            throw new RpcException(RpcException.Kind.CREDENTIALS, "cookie file " + file
                    + " is not user:password on one line (is it bitcoind's .cookie?)");
        }
        return new RpcCredentials(text.substring(0, colon), text.substring(colon + 1).toCharArray(), "cookie file " + file);
    }

    /** An rpcauth/rpcuser user; the password comes from a file or a prompt, never from the command line. */
    public static RpcCredentials user(String user, char[] password, String origin) {
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new UserException("--rpcuser must be a non-empty name without ':'");
        }
        return new RpcCredentials(user, password.clone(), "user " + user + " (" + origin + ")");
    }

    /** A password file: its first line, without the line end. */
    public static char[] passwordFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String first = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (first.isEmpty()) {
                throw new UserException("password file " + file + " is empty");
            }
            return first.toCharArray();
        } catch (IOException e) {
            throw new UserException("cannot read password file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public String user() {
        return user;
    }

    /** Where these credentials came from, for messages: {@code cookie file PATH} or {@code user NAME (...)}. */
    public String origin() {
        return origin;
    }

    String authorizationHeader() {
        byte[] userPass = (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(userPass);
        } finally {
            Arrays.fill(userPass, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "RpcCredentials[" + origin + "]";
    }
}

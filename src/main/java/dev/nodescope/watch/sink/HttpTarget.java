package dev.nodescope.watch.sink;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where a network sink posts, and how it authenticates: an http(s) URL checked at start (a typo is
 * one line and exit 2, not a warning an hour later), and credentials read from files only (a
 * secret on the command line shows in {@code ps}; one in the URL shows in every log line that
 * names the URL). The credentials never appear in {@link #toString()}.
 */
public final class HttpTarget {
    private final URI uri;
    private final String authorization;

    private HttpTarget(URI uri, String authorization) {
        this.uri = uri;
        this.authorization = authorization;
    }

    /**
     * @param option          the option that gave it ({@code --webhook}), for the error line
     * @param url             what the user wrote
     * @param basicAuthFile   a file holding {@code user:password}, or null
     * @param bearerTokenFile a file holding a token, or null
     */
    public static HttpTarget parse(String option, String url, Path basicAuthFile, Path bearerTokenFile) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UserException(option + ": '" + url + "' is not a URL (" + e.getReason() + "); write http://HOST:PORT/PATH");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UserException(option + ": '" + url + "' is not an http:// or https:// URL; write http://HOST:PORT/PATH");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new UserException(option + ": '" + url + "' has no host; write http://HOST:PORT/PATH");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UserException(option + ": put credentials in " + option + "-basic-auth-file, not in the URL (a URL shows in ps and in logs)");
        }
        if (basicAuthFile != null && bearerTokenFile != null) {
            throw new UserException(option + "-basic-auth-file and " + option + "-bearer-token-file: give one of them");
        }
        String authorization = null;
        if (basicAuthFile != null) {
            String userPassword = secret(option + "-basic-auth-file", basicAuthFile);
            if (userPassword.indexOf(':') <= 0) {
                throw new UserException(option + "-basic-auth-file " + basicAuthFile + " must hold user:password on one line");
            }
            authorization = "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
        } else if (bearerTokenFile != null) {
            authorization = "Bearer " + secret(option + "-bearer-token-file", bearerTokenFile);
        }
        return new HttpTarget(uri, authorization);
    }

    /** The same credentials, another path under the same URL (Alertmanager's API under its base URL). */
    HttpTarget resolve(URI other) {
        return new HttpTarget(other, authorization);
    }

    private static String secret(String option, Path file) {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            String why = switch (e) {
                case java.nio.file.NoSuchFileException n -> "no such file";
                case java.nio.file.AccessDeniedException a -> "permission denied";
                default -> Files.isDirectory(file) ? "a directory" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            };
            throw new UserException(option + " " + file + ": cannot read it (" + why + ")", e);
        }
        if (s.isEmpty()) {
            throw new UserException(option + " " + file + " is empty");
        }
        if (s.indexOf('\n') >= 0) {
            throw new UserException(option + " " + file + " must hold one line");
        }
        return s;
    }

    public URI uri() {
        return uri;
    }

    /** The client every sink sends with: no redirects (a POST that moves is a misconfiguration to report, not follow). */
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * POSTs {@code body} as JSON: returns on 2xx; throws IOException (retry) when the server is
     * unreachable, overloaded or failing (5xx, 429, 408), {@link Delivery.Rejected} when it refuses
     * the request itself (other 4xx: wrong URL, wrong credentials, bad payload).
     */
    void post(byte[] body) throws IOException, InterruptedException, Delivery.Rejected {
        HttpResponse<String> r = CLIENT.send(request(body, TIMEOUT), HttpResponse.BodyHandlers.ofString());
        int status = r.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String text = r.body() == null ? "" : r.body().strip();
        int nl = text.indexOf('\n');
        text = nl < 0 ? text : text.substring(0, nl);
        String detail = "HTTP " + status + (text.isEmpty() ? "" : " (" + (text.length() > 160 ? text.substring(0, 160) + "..." : text) + ")");
        if (status >= 500 || status == 429 || status == 408) {
            throw new IOException(detail);
        }
        throw new Delivery.Rejected(detail);
    }

    /** A POST of {@code body} as JSON, with the credentials. */
    HttpRequest request(byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .header("User-Agent", "nodescope-watch").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** The URL without credentials (there are none in it: {@link #parse} refuses them). */
    @Override
    public String toString() {
        return uri.toString();
    }
}

package dev.nodescope.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.addrman.HtmlView;
import dev.nodescope.error.UserException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The dashboard's HTTP and WebSocket server (Javalin on Jetty 12: a small, well-kept library with
 * WebSockets built in and no container or annotations to learn, which keeps this one class).
 *
 * <p>Secure by default: it binds where told (127.0.0.1 by default); every request and WebSocket
 * needs the {@link AccessToken}, from the URL once ({@code ?token=}, then swapped for an HttpOnly,
 * SameSite=Strict cookie and removed from the address bar), a cookie, or an
 * {@code Authorization: Bearer} header; a strict Content-Security-Policy allows only the
 * dashboard's own scripts, styles and WebSocket; a request or WebSocket from another origin is
 * refused. Everything the pages need is served from the jar (works offline, no CDN).
 */
public final class WebServer implements AutoCloseable {
    /** Scripts, styles and connections from this server only; nothing inline, no frames of this page elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
    private static final String ASSETS = "/dev/nodescope/web";

    private final Javalin app;
    private final AccessToken token;
    private final boolean tls;
    private final Map<WsContext, WebClient> clients = new ConcurrentHashMap<>();
    private String cookieName;

    private WebServer(WebHub hub, AccessToken token, String host, int port, Path keyStore, char[] keyStorePassword, ObjectMapper json) {
        this.token = token;
        this.tls = keyStore != null;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            if (keyStore == null) {
                config.jetty.host = host;
                config.jetty.port = port;
            } else {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server ssl = new SslContextFactory.Server();
                    ssl.setKeyStorePath(keyStore.toString());
                    ssl.setKeyStoreType("PKCS12");
                    ssl.setKeyStorePassword(new String(keyStorePassword));
                    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(http));
                    connector.setHost(host);
                    connector.setPort(port);
                    return connector;
                });
            }
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = ASSETS;
                files.location = Location.CLASSPATH;
                files.headers = Map.of(Header.CACHE_CONTROL, "no-cache");
            });
            config.staticFiles.add(files -> { // the grid of addrman view, which addrman view --html inlines
                files.hostedPath = "/assets/addrman";
                files.directory = HtmlView.GRID_ASSETS;
                files.location = Location.CLASSPATH;
                files.headers = Map.of(Header.CACHE_CONTROL, "no-cache");
            });
            config.staticFiles.enableWebjars(); // uPlot, from its WebJar: /webjars/uplot/VERSION/dist/...
            config.routes.before(this::guard);
            config.routes.get("/", ctx -> page(ctx, "index.html"));
            config.routes.get("/api/views", ctx -> ctx.json(hub.viewNames()));
            config.routes.get("/api/view/{name}", ctx -> snapshot(ctx, hub));
            config.routes.wsBeforeUpgrade("/ws", this::guard);
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> {
                    ctx.session.setIdleTimeout(java.time.Duration.ZERO);
                    WebClient client = hub.join(channel(ctx));
                    if (client == null) {
                        ctx.closeSession(1013, "too many browsers connected (at most " + WebHub.MAX_CLIENTS + ")");
                        return;
                    }
                    clients.put(ctx, client);
                });
                ws.onMessage(ctx -> {
                    WebClient client = clients.get(ctx);
                    if (client != null) {
                        hub.message(client, ctx.message());
                    }
                });
                ws.onClose(ctx -> leave(hub, ctx));
                ws.onError(ctx -> leave(hub, ctx));
            });
        });
    }

    /** Starts serving on {@code host:port} (port 0: any free port); one line when the address is taken or wrong. */
    public static WebServer start(WebHub hub, AccessToken token, String host, int port, Path keyStore, char[] keyStorePassword,
                                  ObjectMapper json) {
        WebServer server = new WebServer(hub, token, host, port, keyStore, keyStorePassword, json);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BindException) && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException) {
                throw new UserException("cannot serve on " + host + ":" + port + ": " + cause.getMessage()
                        + " (choose another --listen, or check the key store)");
            }
            throw e;
        }
        server.cookieName = "nodescope_token_" + server.port(); // cookies ignore ports: one per dashboard on a host
        return server;
    }

    public int port() {
        return app.port();
    }

    /** The address to open, with the token when nodescope generated it (a token from a file is never printed). */
    public String url(String host) {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        String base = (tls ? "https://" : "http://") + shownHost + ":" + port() + "/";
        return token.generated() ? base + "?token=" + token.reveal() : base;
    }

    /** Every request and WebSocket upgrade: security headers, same origin, the token. */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        String origin = ctx.header(Header.ORIGIN);
        if (origin != null && !sameOrigin(origin, ctx.header(Header.HOST))) {
            ctx.skipRemainingHandlers();
            ctx.status(HttpStatus.FORBIDDEN).result("nodescope web: requests from another origin (" + origin + ") are refused\n");
            return;
        }
        String fromUrl = ctx.queryParam("token");
        if (token.matches(fromUrl)) {
            if (ctx.method().name().equals("GET") && ctx.path().equals("/")) {
                // keep the token out of the address bar, history and screenshots: a cookie carries it from now on
                ctx.header(Header.SET_COOKIE, cookieName + "=" + token.reveal() + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : ""));
                ctx.skipRemainingHandlers();
                ctx.redirect("/", HttpStatus.FOUND);
            }
            return;
        }
        String bearer = ctx.header(Header.AUTHORIZATION);
        if (token.matches(ctx.cookie(cookieName))
                || (bearer != null && bearer.startsWith("Bearer ") && token.matches(bearer.substring(7).strip()))) {
            return;
        }
        ctx.skipRemainingHandlers();
        ctx.status(HttpStatus.UNAUTHORIZED).result("nodescope web: a token is required: open the URL nodescope printed at start"
                + " (…/?token=…), or send Authorization: Bearer TOKEN\n");
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void page(Context ctx, String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(ASSETS + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            ctx.contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }

    /** {@code GET /api/view/NAME?param=...}: what a new subscriber's first update would hold. */
    private static void snapshot(Context ctx, WebHub hub) {
        WebView view = hub.view(ctx.pathParam("name"));
        if (view == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no view named '" + ctx.pathParam("name") + "'", "views", hub.viewNames()));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!k.equals("token") && !v.isEmpty()) {
                params.put(k, v.getFirst());
            }
        });
        try {
            Object data = view.open(params).next();
            ctx.json(data == null ? Map.of() : data);
        } catch (IllegalArgumentException e) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage()));
        }
    }

    private static ClientChannel channel(WsContext ctx) {
        return new ClientChannel() {
            @Override
            public void send(String text, Runnable done) {
                ctx.session.sendText(text, Callback.from(done, failure -> done.run()));
            }

            @Override
            public void close(int code, String reason) {
                ctx.closeSession(code, reason);
            }
        };
    }

    private void leave(WebHub hub, WsContext ctx) {
        WebClient client = clients.remove(ctx);
        if (client != null) {
            hub.leave(client);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}

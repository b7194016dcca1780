package dev.nodescope.tool;

/** Where a nodescope server listens ({@code --listen} of metrics, watch and web). */
public record ListenAddress(String host, int port) {
    /**
     * {@code HOST:PORT}, {@code :PORT}, {@code PORT} or {@code [IPV6]:PORT}; no host means {@code defaultHost}.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static ListenAddress parse(String hostPort, String defaultHost) {
        String s = hostPort.strip();
        int colon = s.lastIndexOf(':');
        String h = colon < 0 ? "" : s.substring(0, colon);
        String p = colon < 0 ? s : s.substring(colon + 1);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: expected HOST:PORT, got '" + hostPort + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        return new ListenAddress(h.isEmpty() ? defaultHost : h, port);
    }
}

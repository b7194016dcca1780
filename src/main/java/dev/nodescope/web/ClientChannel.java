package dev.nodescope.web;

/** Where a {@link WebClient}'s updates go: a WebSocket session (or, in tests, anything that takes text). */
public interface ClientChannel {
    /** Sends {@code text} without blocking; {@code done} runs once it was written or failed. */
    void send(String text, Runnable done);

    /** Closes the channel with a WebSocket close code and a short reason. */
    void close(int code, String reason);
}

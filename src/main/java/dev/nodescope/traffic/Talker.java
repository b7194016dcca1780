package dev.nodescope.traffic;

/**
 * A peer among the top talkers: payload bytes it sent us ({@code received}) and we sent it
 * ({@code sent}); {@code error}, bytes its count may include that belonged to peers it replaced
 * in the bounded tracking ({@link TopTalkers}; 0 while the counts are exact).
 */
public record Talker(String node, long peerId, String addr, String connType, long received, long sent, long messages, long error) {
    public long bytes() {
        return received + sent + error;
    }
}

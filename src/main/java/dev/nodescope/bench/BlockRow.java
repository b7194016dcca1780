package dev.nodescope.bench;

/**
 * One connected block: what {@code validation:block_connected} reports. {@code durationNs} is
 * ConnectBlock's time, always in ns (a v23/v24 node reports µs; the recorder scales it).
 */
public record BlockRow(int height, String hash, long transactions, int inputs, long sigops, long durationNs, long epochNanos)
        implements Row {
}

package dev.nodescope.watch.detect;

/**
 * Bitcoin Core's addr rate limit for one peer, as net_processing.cpp keeps it ({@code Peer}'s
 * {@code m_addr_token_bucket} and {@code m_addr_token_timestamp}, {@code ProcessAddrs}): the
 * bucket starts with 1 token when the peer is created (at the connection), refills at
 * {@value #MAX_ADDR_RATE_PER_SECOND} tokens a second up to {@value #MAX_ADDR_PROCESSING_TOKEN_BUCKET}
 * (the refill is worked out when an addr message is processed, over the time since the last one),
 * gets {@value #MAX_ADDR_TO_SEND} more (past the cap) when the node sends the peer a getaddr, and
 * each address of an addr message takes a token; an address that finds less than one is
 * rate-limited (dropped unprocessed), unless the peer has the addr permission, which takes no
 * token then.
 */
final class AddrTokenBucket {
    static final double MAX_ADDR_RATE_PER_SECOND = 0.1;
    static final double MAX_ADDR_PROCESSING_TOKEN_BUCKET = 1000;
    static final int MAX_ADDR_TO_SEND = 1000;

    private double tokens = 1.0;
    private long stamp;

    /** @param createdAt when Core created the peer (its connection), epoch ns */
    AddrTokenBucket(long createdAt) {
        this.stamp = createdAt;
    }

    /** A bucket of unknown history (the peer connected before nodescope attached): taken as full, so what it reports limited Core limited too. */
    static AddrTokenBucket full(long now) {
        AddrTokenBucket b = new AddrTokenBucket(now);
        b.tokens = MAX_ADDR_PROCESSING_TOKEN_BUCKET;
        return b;
    }

    /** The node sent the peer a getaddr (on its version, to outbound peers that relay addresses): room for one full answer. */
    void getaddrSent() {
        tokens += MAX_ADDR_TO_SEND;
    }

    /**
     * An addr message of {@code n} addresses (at most {@value #MAX_ADDR_TO_SEND}: larger ones are
     * rejected before the bucket is touched) processed at {@code now}.
     *
     * @param exempt whether the peer has the addr permission
     * @return how many of them got a token (or passed, when exempt); the rest were rate-limited
     */
    int take(long now, int n, boolean exempt) {
        if (tokens < MAX_ADDR_PROCESSING_TOKEN_BUCKET) {
            double increment = Math.max((now - stamp) / 1e9, 0.0) * MAX_ADDR_RATE_PER_SECOND;
            tokens = Math.min(tokens + increment, MAX_ADDR_PROCESSING_TOKEN_BUCKET);
        }
        stamp = now;
        // Core takes 1.0 per address while at least 1.0 is left; x - 1.0 is exact for 1 <= x < 2^53,
        // so that loop ends exactly where floor() says
        int withToken = (int) Math.min(n, Math.floor(tokens));
        tokens -= withToken;
        return exempt ? n : withToken;
    }

    double tokens() {
        return tokens;
    }
}

package dev.nodescope.addrman;

/**
 * Core's {@code AddrInfo::IsTerrible}, as far as getrawaddrman lets anyone see it. Core calls an
 * entry terrible (and lets newcomers overwrite it) when its time is more than 10 minutes in the
 * future, or older than 30 days, or when it failed 3 tries without a success, or 10 tries with no
 * success in a week; never when it was tried in the last minute. getrawaddrman does not show
 * attempts nor the last try or success, so only the two time rules can be judged; the counts
 * here are a lower bound of what Core deems terrible.
 */
public final class Terrible {
    /** ADDRMAN_HORIZON: not seen in 30 days. */
    public static final long HORIZON_SECONDS = 30L * 24 * 3600;
    /** A time more than this far ahead "came in a flying DeLorean". */
    public static final long FUTURE_SLACK_SECONDS = 10 * 60;

    private Terrible() {
    }

    /** The reason Core would call an entry with this time terrible at {@code now}, or null. */
    public static String reason(long time, long now) {
        if (time > now + FUTURE_SLACK_SECONDS) {
            return "future";
        }
        if (now - time > HORIZON_SECONDS) {
            return "stale";
        }
        return null;
    }
}

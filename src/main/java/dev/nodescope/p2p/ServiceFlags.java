package dev.nodescope.p2p;

import java.util.ArrayList;
import java.util.List;

/** Service bits named as Core's getpeerinfo names them ({@code servicesnames}). */
public final class ServiceFlags {
    private ServiceFlags() {
    }

    /** Set bits low to high; bits Core does not name are {@code UNKNOWN[2^n]}, as Core writes them. */
    public static List<String> names(long services) {
        List<String> names = new ArrayList<>(Long.bitCount(services));
        for (int bit = 0; bit < 64; bit++) {
            if ((services >>> bit & 1) != 0) {
                names.add(name(bit));
            }
        }
        return names;
    }

    private static String name(int bit) {
        return switch (bit) {
            case 0 -> "NETWORK";
            case 2 -> "BLOOM";
            case 3 -> "WITNESS";
            case 6 -> "COMPACT_FILTERS";
            case 10 -> "NETWORK_LIMITED";
            case 11 -> "P2P_V2";
            default -> "UNKNOWN[2^" + bit + "]";
        };
    }
}

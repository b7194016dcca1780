package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bitcoin Core's asmap file ({@code -asmap}): a program over the 128 bits of an IPv6 address (IPv4
 * as {@code ::ffff:a.b.c.d}) that walks a binary trie of prefixes and returns the AS number of the
 * longest matching prefix, 0 when none matches.
 *
 * <p>The format, as Core defines it: the file is a stream of bits, least significant bit of each byte
 * first. An instruction is a type then its argument. Types: {@code 0} RETURN asn, {@code 10} JUMP
 * offset (if the next address bit is 1, skip offset bits of program), {@code 110} MATCH pattern
 * (compare the next bits of the address; on a mismatch return the default), {@code 111} DEFAULT
 * asn. Numbers are a class prefix (k one-bits, a zero-bit unless k is the last class) then
 * {@code sizes[k]} bits, most significant first, added to the minimum plus the sizes of the
 * classes skipped. Address bits are read most significant first.
 */
public final class Asmap {
    private static final int[] TYPE_SIZES = {0, 0, 1};
    private static final int[] ASN_SIZES = {15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
    private static final int[] MATCH_SIZES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final int[] JUMP_SIZES = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30};
    private static final int RETURN = 0;
    private static final int JUMP = 1;
    private static final int MATCH = 2;
    private static final long INVALID = -1;

    private final byte[] program;
    private final long endBit;

    private Asmap(byte[] program) {
        this.program = program;
        this.endBit = (long) program.length * 8;
    }

    /** Reads and checks an asmap file; a file that is not one is a one-line {@link UserException}. */
    public static Asmap load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserException("cannot read asmap file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return of(bytes);
        } catch (UserException e) {
            throw new UserException("--asmap " + file + " is not an asmap file: " + e.getMessage()
                    + " (use the file bitcoind's -asmap uses)");
        }
    }

    /** An asmap from its bytes, checked: every path through it must end in a RETURN inside the file. */
    public static Asmap of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new UserException("it is empty");
        }
        Asmap map = new Asmap(bytes.clone());
        map.check();
        return map;
    }

    /** The AS number of a 16-byte address, 0 when the map has none for it. */
    public int lookup(byte[] ip16) {
        long[] pos = {0};
        int ipBit = 0;
        long defaultAsn = 0;
        while (pos[0] < endBit) {
            long type = decode(pos, 0, TYPE_SIZES);
            if (type == RETURN) {
                return (int) decode(pos, 1, ASN_SIZES);
            } else if (type == JUMP) {
                long jump = decode(pos, 17, JUMP_SIZES);
                if (ipBit(ip16, ipBit++)) {
                    pos[0] += jump;
                }
            } else if (type == MATCH) {
                long match = decode(pos, 2, MATCH_SIZES);
                int length = 63 - Long.numberOfLeadingZeros(match);
                for (int i = 0; i < length; i++) {
                    if (ipBit(ip16, ipBit++) != (((match >> (length - 1 - i)) & 1) == 1)) {
                        return (int) defaultAsn;
                    }
                }
            } else {
                defaultAsn = decode(pos, 1, ASN_SIZES);
            }
        }
        throw new IllegalStateException("asmap program ran off its end although it was checked");
    }

    /**
     * Follows every path the program can take with 128 input bits: each must end in a RETURN, read
     * no number across the end, jump inside the file and consume at most 128 bits. The walk is
     * bounded by the program's size so that a hostile file cannot make it loop.
     */
    private void check() {
        long budget = endBit * 4 + 1024;
        java.util.ArrayDeque<long[]> paths = new java.util.ArrayDeque<>();
        paths.push(new long[] {0, 128});
        while (!paths.isEmpty()) {
            long[] path = paths.pop();
            long[] pos = {path[0]};
            long bits = path[1];
            while (true) {
                if (--budget < 0) {
                    throw new UserException("its paths do not end (overlapping jumps)");
                }
                if (pos[0] >= endBit) {
                    throw new UserException("a path runs past the end without RETURN");
                }
                long type = decode(pos, 0, TYPE_SIZES);
                if (type == INVALID) {
                    throw new UserException("an instruction is cut by the end of the file");
                }
                if (type == RETURN) {
                    if (decode(pos, 1, ASN_SIZES) == INVALID) {
                        throw new UserException("an AS number is cut by the end of the file");
                    }
                    break;
                } else if (type == JUMP) {
                    long jump = decode(pos, 17, JUMP_SIZES);
                    if (jump == INVALID || pos[0] + jump >= endBit) {
                        throw new UserException("a jump leads past the end of the file");
                    }
                    if (bits-- == 0) {
                        throw new UserException("a path reads more than 128 address bits");
                    }
                    paths.push(new long[] {pos[0] + jump, bits});
                } else if (type == MATCH) {
                    long match = decode(pos, 2, MATCH_SIZES);
                    if (match == INVALID) {
                        throw new UserException("a match is cut by the end of the file");
                    }
                    bits -= 63 - Long.numberOfLeadingZeros(match);
                    if (bits < 0) {
                        throw new UserException("a path reads more than 128 address bits");
                    }
                } else if (decode(pos, 1, ASN_SIZES) == INVALID) {
                    throw new UserException("a default AS number is cut by the end of the file");
                }
            }
        }
    }

    private long decode(long[] pos, int min, int[] sizes) {
        long value = min;
        for (int k = 0; k < sizes.length; k++) {
            boolean more = false;
            if (k + 1 < sizes.length) {
                if (pos[0] >= endBit) {
                    return INVALID;
                }
                more = bit(pos[0]++);
            }
            if (more) {
                value += 1L << sizes[k];
                continue;
            }
            for (int i = 0; i < sizes[k]; i++) {
                if (pos[0] >= endBit) {
                    return INVALID;
                }
                if (bit(pos[0]++)) {
                    value += 1L << (sizes[k] - 1 - i);
                }
            }
            return value;
        }
        return INVALID;
    }

    private boolean bit(long position) {
        return ((program[(int) (position >>> 3)] >> (position & 7)) & 1) == 1;
    }

    private static boolean ipBit(byte[] ip, int i) {
        return ((ip[i >>> 3] >> (7 - (i & 7))) & 1) == 1;
    }
}

package dev.nodescope.addrman;

import dev.nodescope.error.UserException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's asmap format decoded: lookups in a map built here, a hand-written DEFAULT, and files that are not asmaps. */
class AsmapTest {
    static byte[] sampleMap() {
        byte[] sixPrefix = new byte[16];
        sixPrefix[0] = 0x2a;
        sixPrefix[1] = 0x03;
        return new AsmapBuilder()
                .ipv4("64.124.0.0/16", 6461)
                .ipv4("64.124.7.0/24", 13335) // more specific wins
                .ipv4("89.239.0.0/16", 3320)
                .ipv4("185.10.0.0/15", 64500) // 185.10 and 185.11
                .ipv6(sixPrefix, 16, 2914)
                .build();
    }

    private static int lookup(Asmap map, String network, String address) {
        byte[] key = Netgroups.asmapKey(network, address);
        return key == null ? 0 : map.lookup(key);
    }

    @Test
    void mapsPrefixesMostSpecificFirst() {
        Asmap map = Asmap.of(sampleMap());
        assertThat(lookup(map, "ipv4", "64.124.1.1")).isEqualTo(6461);
        assertThat(lookup(map, "ipv4", "64.124.7.154")).isEqualTo(13335);
        assertThat(lookup(map, "ipv4", "64.125.0.1")).isZero();
        assertThat(lookup(map, "ipv4", "89.239.34.93")).isEqualTo(3320);
        assertThat(lookup(map, "ipv4", "185.11.200.3")).isEqualTo(64500);
        assertThat(lookup(map, "ipv4", "185.12.0.1")).isZero();
        assertThat(lookup(map, "ipv6", "2a03:d44c:1d52::cc35")).isEqualTo(2914);
        assertThat(lookup(map, "ipv6", "2a04:12d5:1b77::8e15")).isZero();
        // 6to4 carries 64.124.7.9: looked up as that IPv4 address, as Core does
        assertThat(lookup(map, "ipv4", "2002:407c:709::1")).isEqualTo(13335);
        assertThat(lookup(map, "onion", "aaaa.onion")).isZero();
        assertThat(lookup(map, "ipv4", "10.1.2.3")).isZero(); // not routable: never mapped
    }

    @Test
    void defaultAnswersAMismatch() {
        // DEFAULT 7; MATCH the single bit 1; RETURN 9: first bit 1 -> 9, first bit 0 -> 7
        List<Boolean> bits = new ArrayList<>();
        bits.addAll(List.of(true, true, true));
        AsmapBuilder.number(bits, 7, 1, new int[] {15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        bits.addAll(List.of(true, true, false));
        AsmapBuilder.number(bits, 0b11, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        bits.add(false);
        AsmapBuilder.number(bits, 9, 1, new int[] {15, 16, 17, 18, 19, 20, 21, 22, 23, 24});
        byte[] program = new byte[(bits.size() + 7) / 8];
        for (int i = 0; i < bits.size(); i++) {
            if (bits.get(i)) {
                program[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        Asmap map = Asmap.of(program);
        byte[] high = new byte[16];
        high[0] = (byte) 0x80;
        assertThat(map.lookup(high)).isEqualTo(9);
        assertThat(map.lookup(new byte[16])).isEqualTo(7);
    }

    @Test
    void filesThatAreNotAsmapsAreOneLine(@TempDir Path dir) throws Exception {
        byte[] good = sampleMap();
        Path cut = dir.resolve("cut.map");
        Files.write(cut, java.util.Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> Asmap.load(cut)).isInstanceOf(UserException.class)
                .hasMessageStartingWith("--asmap " + cut + " is not an asmap file: ")
                .hasMessageEndingWith(" (use the file bitcoind's -asmap uses)");
        Path empty = dir.resolve("empty.map");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> Asmap.load(empty)).hasMessage("--asmap " + empty
                + " is not an asmap file: it is empty (use the file bitcoind's -asmap uses)");
        assertThatThrownBy(() -> Asmap.load(dir.resolve("missing.map")))
                .hasMessage("cannot read asmap file " + dir.resolve("missing.map") + " (NoSuchFileException)");
        // jumps all the way: a path that would read more than 128 bits
        byte[] jumps = new byte[64];
        java.util.Arrays.fill(jumps, (byte) 0xff);
        assertThatThrownBy(() -> Asmap.of(jumps)).isInstanceOf(UserException.class);
    }
}

package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Core's netgroup rule, case by case. */
class NetgroupsTest {
    @Test
    void ipv4IsSlash16AndUnroutableIsOneGroup() {
        assertThat(Netgroups.of("ipv4", "64.124.7.154")).isEqualTo("64.124.0.0/16");
        assertThat(Netgroups.of("ipv4", "1.2.3.4")).isEqualTo("1.2.0.0/16");
        for (String a : new String[] {"10.1.2.3", "192.168.1.1", "172.16.0.1", "172.31.255.1", "127.0.0.1", "0.1.2.3",
            "169.254.1.1", "100.64.0.1", "198.18.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.9", "255.255.255.255"}) {
            assertThat(Netgroups.of("not_publicly_routable", a)).as(a).isEqualTo("unroutable");
        }
        assertThat(Netgroups.of("ipv4", "172.32.0.1")).isEqualTo("172.32.0.0/16");
        assertThat(Netgroups.of("ipv4", "100.128.0.1")).isEqualTo("100.128.0.0/16");
    }

    @Test
    void ipv6IsSlash32HeNetSlash36AndTunnelsTheirIpv4() {
        assertThat(Netgroups.of("ipv6", "2a03:d44c:1d52::cc35")).isEqualTo("2a03:d44c::/32");
        assertThat(Netgroups.of("ipv6", "2001:470:a5f1::1")).isEqualTo("2001:470:a000::/36");
        assertThat(Netgroups.of("ipv4", "2002:407c:709::1")).isEqualTo("64.124.0.0/16"); // 6to4
        assertThat(Netgroups.of("ipv4", "2001:0:4136:e378:8000:63bf:bf83:f865")).isEqualTo("64.124.0.0/16"); // Teredo, inverted
        assertThat(Netgroups.of("ipv4", "64:ff9b::407c:79a")).isEqualTo("64.124.0.0/16"); // NAT64
        assertThat(Netgroups.of("ipv4", "::ffff:0:407c:79a")).isEqualTo("64.124.0.0/16"); // SIIT
        for (String a : new String[] {"::1", "::", "fe80::1", "fd00::1", "2001:db8::1", "2001:10::1", "2001:20::1"}) {
            assertThat(Netgroups.of("not_publicly_routable", a)).as(a).isEqualTo("unroutable");
        }
        assertThat(Netgroups.of("ipv6", "not-an-address")).isEqualTo("unroutable");
        assertThat(Netgroups.of("ipv6", "example.com")).isEqualTo("unroutable"); // never looked up
    }

    @Test
    void overlaysAreTheirKeysFirstBits() {
        // base32 'a' = 00000 -> 0, 'z' = 11001 -> 1100 = c, '7' = 11111 -> f
        assertThat(Netgroups.of("onion", "aaaa3pkkxsjr2rgqhxu2mztamxtkhyw5e7uhdg3i5zvsgzyd2zcj2qid.onion")).isEqualTo("onion:0/4");
        assertThat(Netgroups.of("onion", "zzzz3pkkxsjr2rgqhxu2mztamxtkhyw5e7uhdg3i5zvsgzyd2zcj2qid.onion")).isEqualTo("onion:c/4");
        assertThat(Netgroups.of("i2p", "7zzzqk3lqbpnsoyn6q3r3b5uujmgqwtzaq3pyoquwusvg6xq2fga.b32.i2p")).isEqualTo("i2p:f/4");
        assertThat(Netgroups.of("cjdns", "fc5a:1234::1")).isEqualTo("fc50::/12");
        assertThat(Netgroups.of("onion", "nonsense")).isEqualTo("unroutable");
    }
}

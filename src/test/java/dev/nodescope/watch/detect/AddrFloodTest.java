package dev.nodescope.watch.detect;

import static dev.nodescope.watch.detect.Feed.MS;
import static dev.nodescope.watch.detect.Feed.S;
import static dev.nodescope.watch.detect.Feed.T0;
import static dev.nodescope.watch.detect.Feed.addr;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * addr_flood on events fed by hand: Core's token bucket arithmetic (a fresh bucket of 1.0 at the
 * connection, refilled at 0.1/s up to 1000, +1000 after our getaddr to an outbound peer), the
 * messages Core does not count (before verack, block-relay-only, oversized), and the alert's life.
 */
class AddrFloodTest {
    static final String IN = "203.0.113.5:40000";
    static final String OUT = "198.51.100.7:8333";
    /** Every addr message makes the alert (threshold 0) so its evidence shows the counts; resolved when the peer leaves. */
    static final String SHOW_COUNTS = """
            detectors:
              addr_flood:
                rate_limited: 0
            """;

    @Test
    void aFloodFromAnInboundPeerFiresAtOnceWithCoresCountsAndResolvesWhenItLeaves() {
        Feed f = new Feed("");
        f.inbound(T0, 7, IN).handshake(T0 + 100 * MS, 7, IN, "inbound");
        // 5 s after the connection: 1.0 + 5 * 0.1 = 1.5 tokens: one address processed, 999 rate-limited
        f.in(T0 + 5 * S, 7, IN, "inbound", "addr", addr(1000, 0));
        // 10 s later: 0.5 + 1.0 = 1.5 again
        f.in(T0 + 15 * S, 7, IN, "inbound", "addr", addr(1000, 1000));
        f.closed(T0 + 16 * S, 7, IN, "inbound");
        assertThat(f.lines()).containsExactly(
                "5000ms addr_flood firing warning peer:7 peer 7 (203.0.113.5:40000, inbound) announced 1000 addresses in 1 message: "
                        + "Core processed 1 and rate-limited 999; 999 rate-limited within 10m (threshold 100) "
                        + "{announced=1000 processed=1 rate_limited=999 rate_limited_window=999 rate_limited_threshold=100 unroutable=0 "
                        + "future=0 repeated=0 bad_share=0 bad_share_threshold=0.5 tokens=0.5 exact=1}",
                "16000ms addr_flood resolved warning peer:7 peer disconnected after 11s: peer 7 (203.0.113.5:40000, inbound) announced "
                        + "2000 addresses in 2 messages: Core processed 2 and rate-limited 1998; 1998 rate-limited within 10m (threshold 100) "
                        + "{announced=2000 processed=2 rate_limited=1998 rate_limited_window=1998 rate_limited_threshold=100 unroutable=0 "
                        + "future=0 repeated=0 bad_share=0 bad_share_threshold=0.5 tokens=0.5 exact=1}");
    }

    @Test
    void theBucketRefillsAtOneTokenInTenSeconds() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0 + 100 * MS, 7, IN, "inbound");
        // 100 s: 1 + 10 = 11 tokens, 10 addresses take 10
        f.in(T0 + 100 * S, 7, IN, "inbound", "addr", addr(10, 0));
        // 30 s later: 1 + 3 = 4 tokens for 10 addresses
        f.in(T0 + 130 * S, 7, IN, "inbound", "addr", addr(10, 10));
        // 9.99 s later: 0 + 0.999 tokens: none
        f.in(T0 + 139_990 * MS, 7, IN, "inbound", "addr", addr(1, 20));
        f.closed(T0 + 140 * S, 7, IN, "inbound");
        assertThat(f.alerts.getLast().evidence().toString()).startsWith(
                "announced=21 processed=14 rate_limited=7 rate_limited_window=7 rate_limited_threshold=0 unroutable=0 future=0 repeated=0");
        assertThat(f.alerts.getLast().evidence().get("tokens")).isEqualTo(0.999);
    }

    @Test
    void aGetaddrToAnOutboundPeerMakesRoomForOneFullAnswer() {
        Feed f = new Feed("");
        f.outbound(T0, 8, OUT, "outbound-full-relay").handshake(T0 + 50 * MS, 8, OUT, "outbound-full-relay");
        f.out(T0 + 50 * MS, 8, OUT, "outbound-full-relay", "getaddr", new byte[0]);
        // 1.0 + 1000 = 1001 tokens (above the cap: no refill): the answer of 1000 passes whole, 1.0 left
        f.in(T0 + 2 * S, 8, OUT, "outbound-full-relay", "addr", addr(1000, 0));
        assertThat(f.alerts).isEmpty();
        // 3 s later: 1.0 + 0.3 = 1.3: a second 1000 gets one token
        f.in(T0 + 5 * S, 8, OUT, "outbound-full-relay", "addr", addr(1000, 1000));
        assertThat(f.lines()).containsExactly(
                "5000ms addr_flood firing warning peer:8 peer 8 (198.51.100.7:8333, outbound-full-relay) announced 2000 addresses in 2 "
                        + "messages: Core processed 1001 and rate-limited 999; 999 rate-limited within 10m (threshold 100) "
                        + "{announced=2000 processed=1001 rate_limited=999 rate_limited_window=999 rate_limited_threshold=100 unroutable=0 "
                        + "future=0 repeated=0 bad_share=0 bad_share_threshold=0.5 tokens=0.3 exact=1}");
    }

    @Test
    void blockRelayOnlyPeersMessagesBeforeVerackAndOversizedMessagesAreNotCounted() {
        Feed f = new Feed(SHOW_COUNTS);
        // block-relay-only: Core ignores its addr (and sends it no getaddr)
        f.outbound(T0, 9, OUT, "block-relay-only").handshake(T0, 9, OUT, "block-relay-only");
        f.in(T0 + S, 9, OUT, "block-relay-only", "addr", addr(1000, 0));
        // an inbound peer's addr before its verack is ignored, then an oversized one is rejected unread
        f.inbound(T0 + S, 7, IN).in(T0 + S, 7, IN, "inbound", "version", Feed.version("/x/"));
        f.in(T0 + 2 * S, 7, IN, "inbound", "addr", addr(1000, 0));
        f.in(T0 + 3 * S, 7, IN, "inbound", "verack", new byte[0]);
        f.in(T0 + 4 * S, 7, IN, "inbound", "addr", addr(1001, 0));
        assertThat(f.lines()).allMatch(l -> !l.contains("addr_flood"));
        // 20 s after the connection, the bucket untouched by all that: 1 + 2 = 3 tokens
        f.in(T0 + 21 * S, 7, IN, "inbound", "addr", addr(5, 0));
        f.closed(T0 + 22 * S, 7, IN, "inbound");
        assertThat(f.alerts.stream().filter(a -> a.alert().equals("addr_flood")).map(a -> a.evidence().toString()).toList())
                .allMatch(e -> e.startsWith("announced=5 processed=3 rate_limited=2 "));
    }

    @Test
    void addressesWithoutUsefulServicesTakeATokenButAreNotProcessed() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        // 100 s: 11 tokens; 10 addresses with no NODE_NETWORK(_LIMITED): all take a token, none is processed
        f.in(T0 + 100 * S, 7, IN, "inbound", "addr", addr(10, 0, 8, T0 / S));
        // NODE_NETWORK_LIMITED counts as useful: 1 + 0 tokens... 1.0 left + 0.1 after 1 s = 1.1: one processed of 5
        f.in(T0 + 101 * S, 7, IN, "inbound", "addr", addr(5, 100, 1024 | 8, T0 / S));
        f.closed(T0 + 102 * S, 7, IN, "inbound");
        assertThat(f.alerts.getLast().evidence().toString())
                .startsWith("announced=15 processed=1 rate_limited=4 rate_limited_window=4 rate_limited_threshold=0");
        assertThat(f.alerts.getLast().evidence().get("exact")).isEqualTo(1);
    }

    @Test
    void mostlyBadAddressesFireAndTheAlertResolvesOnceTheWindowHasEmptied() {
        Feed f = new Feed("""
                detectors:
                  addr_flood:
                    window: 10s
                    clear: 3s
                """);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        // 60 addresses dated an hour ahead, the same 60 again (repeats), then again ahead (both): 100 s of refill between the
        // first two keeps them clear of the rate limit
        f.in(T0 + 1000 * S, 7, IN, "inbound", "addr", addr(60, 0, 9, T0 / S + 3600));
        f.in(T0 + 2000 * S, 7, IN, "inbound", "addr", addr(60, 0));
        // the first message left the 10 s window: 60 announced within it, under min_announced
        assertThat(f.alerts).isEmpty();
        f.in(T0 + 2005 * S, 7, IN, "inbound", "addr", addr(60, 0, 9, T0 / S + 3600));
        // unrelated later traffic moves the clock on: the 2000 s message leaves the window at the tick of 2010 s (buckets of
        // 625 ms), 60 announced is under min_announced again, clear for 3 s: resolved at 2013 s
        f.inbound(T0 + 2030 * S, 8, "192.0.2.1:1");
        String evidence = "{announced=180 processed=180 rate_limited=0 rate_limited_window=0 rate_limited_threshold=100 unroutable=0 "
                + "future=120 repeated=120 bad_share=1 bad_share_threshold=0.5 tokens=21.5 exact=1}";
        String summary = "peer 7 (203.0.113.5:40000, inbound) announced 180 addresses in 3 messages: Core processed 180 and rate-limited 0; "
                + "100% of the addresses within 10s unroutable, future-dated or repeated (threshold 50%) ";
        assertThat(f.lines()).containsExactly(
                "2005000ms addr_flood firing warning peer:7 " + summary + evidence,
                "2013000ms addr_flood resolved warning peer:7 clear for 3s after 5s: " + summary + evidence);
    }

    @Test
    void unroutableAddressesCountAsBad() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        byte[] payload = addr(4, 0);
        // the second and third become 10.0.1.1 (RFC1918) and 127.0.2.1 (local)
        payload[1 + 30 + 24] = 10;
        payload[1 + 60 + 24] = 127;
        f.in(T0 + 100 * S, 7, IN, "inbound", "addr", payload);
        f.closed(T0 + 101 * S, 7, IN, "inbound");
        assertThat(f.alerts.getLast().evidence().toString()).startsWith(
                "announced=4 processed=4 rate_limited=0 rate_limited_window=0 rate_limited_threshold=0 unroutable=2 future=0 repeated=0 bad_share=0.5 ");
    }

    @Test
    void addrv2CountsTheSameAndKnowsItsNetworks() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(3);
        // IPv4 1.2.3.4 (routable), a Tor v3 service (routable), an unknown network id 9 (Core keeps it, invalid: unroutable)
        entry(b, 9, 1, new byte[] {1, 2, 3, 4});
        entry(b, 9, 4, new byte[32]);
        entry(b, 0, 9, new byte[] {7, 7});
        f.in(T0 + 100 * S, 7, IN, "inbound", "addrv2", b.toByteArray());
        f.closed(T0 + 101 * S, 7, IN, "inbound");
        // 11 tokens for 3; the one without services is not processed
        assertThat(f.alerts.getLast().evidence().toString()).startsWith(
                "announced=3 processed=2 rate_limited=0 rate_limited_window=0 rate_limited_threshold=0 unroutable=1 future=0 repeated=0 ");
    }

    private static void entry(java.io.ByteArrayOutputStream b, int services, int network, byte[] address) {
        long time = T0 / S;
        b.write((int) time);
        b.write((int) (time >> 8));
        b.write((int) (time >> 16));
        b.write((int) (time >> 24));
        b.write(services);
        b.write(network);
        b.write(address.length);
        b.writeBytes(address);
        b.write(0x20);
        b.write(0x8d);
    }

    @Test
    void withoutAPayloadAnAddrMessageIsCountedFromItsWireSize() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        // payloads not asked for (a recording made without them): 30,003 bytes on the wire hold 1000 entries
        f.engine.accept(new dev.nodescope.event.InboundMessage(Feed.meta(T0 + 5 * S), 7, IN, "inbound", "addr", 30_003, 0, false, null));
        f.closed(T0 + 6 * S, 7, IN, "inbound");
        assertThat(f.alerts.getLast().evidence().toString()).startsWith("announced=1000 processed=1 rate_limited=999 ").endsWith("exact=0");
    }

    @Test
    void withTheAddrPermissionNothingIsRateLimited() {
        Feed f = new Feed("detectors:\n  addr_flood:\n    rate_limited: 0\n    addr_permission: 1\n");
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        f.in(T0 + 5 * S, 7, IN, "inbound", "addr", addr(1000, 0));
        f.closed(T0 + 6 * S, 7, IN, "inbound");
        // Core still takes the one token there is, and processes every address
        assertThat(f.alerts.getLast().evidence().toString()).startsWith("announced=1000 processed=1000 rate_limited=0 ");
        assertThat(f.alerts.getLast().evidence().get("tokens")).isEqualTo(0.5);
    }

    @Test
    void aCutPayloadCountsFromItsLeadingCountAndSaysTheFiguresAreEstimates() {
        Feed f = new Feed(SHOW_COUNTS);
        f.inbound(T0, 7, IN).handshake(T0, 7, IN, "inbound");
        byte[] full = addr(1000, 0);
        // only 3 bytes copied: the count (1000) is known, the addresses are not
        f.inCut(T0 + 5 * S, 7, IN, "inbound", "addr", full, 3);
        f.closed(T0 + 6 * S, 7, IN, "inbound");
        assertThat(f.alerts.getLast().evidence().toString())
                .startsWith("announced=1000 processed=1 rate_limited=999 ").endsWith("exact=0");
    }
}

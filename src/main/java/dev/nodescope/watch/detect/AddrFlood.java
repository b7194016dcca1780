package dev.nodescope.watch.detect;

import dev.nodescope.addrman.Netgroups;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.event.Severity;
import dev.nodescope.p2p.AddrEntry;
import dev.nodescope.p2p.DecodeResult;
import dev.nodescope.p2p.P2pMessage;
import dev.nodescope.watch.Detector;
import dev.nodescope.watch.DetectorContext;
import dev.nodescope.watch.DetectorSpec;
import dev.nodescope.watch.Durations;
import dev.nodescope.watch.ParamSpec;
import dev.nodescope.watch.PeerInfo;
import dev.nodescope.watch.Settings;
import dev.nodescope.watch.Subject;
import dev.nodescope.watch.WindowCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code addr_flood}: a peer announces more addresses than Bitcoin Core's rate limit lets through,
 * or mostly useless ones. It mirrors Core's per-peer token bucket ({@link AddrTokenBucket}) message
 * by message, with Core's rules for which addr messages count at all: none before the peer's
 * verack, none from block-relay-only, feeler and private-broadcast connections, none of more than
 * 1000 addresses (those are {@code addr_oversized}). So it knows how many addresses the node
 * processed and rate-limited for each peer: the numbers {@code getpeerinfo} shows as
 * {@code addr_processed} and {@code addr_rate_limited}.
 */
public final class AddrFlood implements Detector {
    public static final DetectorSpec SPEC = new DetectorSpec("addr_flood",
            "A peer sends more addresses than Bitcoin Core's addr rate limit lets through (0.1 a second, a bucket of 1000), or mostly "
                    + "unroutable, future-dated or repeated ones: addrman poisoning or a spam flood",
            Severity.WARNING, Duration.ZERO, Duration.ofMinutes(5), false, List.of(
                    ParamSpec.seconds("window", 600,
                            "how far back rate-limited and bad addresses are counted; Core refills 60 tokens in 10 minutes"),
                    ParamSpec.number("rate_limited", 100,
                            "addresses Core rate-limited within the window that make an alert: an honest peer relays a few addresses a "
                                    + "minute and is almost never limited, while one flood message of 1000 puts 999 over"),
                    ParamSpec.number("bad_share", 0.5,
                            "share of the addresses announced within the window that are unroutable, dated more than 10 minutes ahead "
                                    + "or announced before by the same peer that makes an alert; honest peers gossip addrman's "
                                    + "addresses, which are routable and seldom repeated"),
                    ParamSpec.number("min_announced", 100,
                            "addresses a peer must have announced within the window before its bad share counts: a few addresses prove nothing"),
                    ParamSpec.number("addr_permission", 0,
                            "1 when the node gives every peer the addr permission (-whitelist=addr@...): Core then limits nobody; "
                                    + "nodescope cannot see permissions, so by default it assumes no peer has it")),
            AddrFlood::new);

    /** Core's addr message limit; larger messages are rejected before rate limiting. */
    static final int MAX_ADDR_TO_SEND = AddrTokenBucket.MAX_ADDR_TO_SEND;
    /** Core dates an address more than 10 minutes ahead of its clock as 5 days old. */
    private static final long FUTURE_SECONDS = 600;
    /** Addresses remembered per peer to tell repeats, as many as Core's m_addr_known filter holds. */
    static final int REMEMBERED = 5000;
    private static final long NODE_NETWORK = 1;
    private static final long NODE_NETWORK_LIMITED = 1 << 10;

    private final DetectorContext ctx;
    private final long window;
    private final double rateLimitedThreshold;
    private final double badShare;
    private final double minAnnounced;
    private final boolean exempt;
    private final PeerTable<PeerAddrs> peers = new PeerTable<>();
    /** Peers with an open alert: checked on each tick until it resolves. */
    private final List<PeerAddrs> alerting = new ArrayList<>();

    /** What one peer announced, and Core's bucket for it. */
    static final class PeerAddrs {
        final String node;
        final long peerId;
        final AddrTokenBucket bucket;
        /** Counts and bucket follow Core exactly (false: the connection began before nodescope attached, or a payload was cut). */
        boolean exact;
        boolean versionSeen;
        /** Core's fSuccessfullyConnected: the peer's verack came (after its version). */
        boolean connected;
        long messages;
        long announced;
        long processed;
        long rateLimited;
        long unroutable;
        long future;
        long repeated;
        final WindowCounter limitedWindow;
        final WindowCounter announcedWindow;
        final WindowCounter badWindow;
        LongSet seen;
        boolean alerting;

        PeerAddrs(String node, long peerId, AddrTokenBucket bucket, boolean exact, long window) {
            this.node = node;
            this.peerId = peerId;
            this.bucket = bucket;
            this.exact = exact;
            this.limitedWindow = new WindowCounter(window);
            this.announcedWindow = new WindowCounter(window);
            this.badWindow = new WindowCounter(window);
        }
    }

    private AddrFlood(DetectorContext ctx) {
        this.ctx = ctx;
        Settings s = ctx.settings();
        this.window = s.nanos("window");
        this.rateLimitedThreshold = s.number("rate_limited");
        this.badShare = s.number("bad_share");
        this.minAnnounced = s.number("min_announced");
        this.exempt = s.number("addr_permission") >= 1;
    }

    @Override
    public List<Class<? extends Event>> eventTypes() {
        return List.of(InboundMessage.class, OutboundMessage.class);
    }

    @Override
    public void onEvent(Event event, long now) {
        MessageEvent m = (MessageEvent) event;
        String type = m.msgType();
        if (m instanceof InboundMessage) {
            switch (type) {
                case "addr", "addrv2" -> addr(m, now);
                case "version" -> state(m, now).versionSeen = true;
                case "verack" -> {
                    PeerAddrs p = state(m, now);
                    // Core ignores a verack before the version
                    p.connected |= p.versionSeen;
                }
                default -> {
                }
            }
        } else if (type.equals("getaddr") && relaysAddresses(m.connType())) {
            state(m, now).bucket.getaddrSent();
        }
    }

    /** Core's SetupAddressRelay and its private-broadcast rule: which connections' addr messages it processes. */
    static boolean relaysAddresses(String connType) {
        return !(connType.equals("block-relay-only") || connType.equals("feeler") || connType.equals("private-broadcast"));
    }

    private PeerAddrs state(MessageEvent m, long now) {
        String node = m.meta().node();
        PeerAddrs p = peers.get(node, m.peerId());
        if (p == null) {
            PeerInfo info = ctx.peers().get(node, m.peerId());
            long opened = info == null ? -1 : info.openedAt();
            if (opened >= 0) {
                p = new PeerAddrs(node, m.peerId(), new AddrTokenBucket(opened), true, window);
            } else {
                // connected before nodescope attached: its handshake is over and its bucket unknown
                p = new PeerAddrs(node, m.peerId(), AddrTokenBucket.full(now), false, window);
                p.versionSeen = true;
                p.connected = true;
            }
            peers.put(node, m.peerId(), p);
        }
        return p;
    }

    private void addr(MessageEvent m, long now) {
        if (!relaysAddresses(m.connType())) {
            return; // Core ignores it
        }
        PeerAddrs p = state(m, now);
        if (!p.connected) {
            return; // before verack: Core ignores it
        }
        if (Payloads.leadingCount(m) > MAX_ADDR_TO_SEND) {
            return; // Core rejects it (Misbehaving) before rate limiting: addr_oversized; no need to decode it
        }
        List<AddrEntry> entries;
        long n;
        if (Payloads.whole(m)) {
            DecodeResult r = m.decode();
            if (!deserializes(r)) {
                return; // Core's deserialization throws: the message is dropped before ProcessAddrs
            }
            entries = addresses(r.message());
            n = entries.size();
        } else {
            // cut or not copied: the count is what the bucket needs; the entries not copied are unknown
            n = m.msgType().equals("addr") ? Payloads.count(m, Payloads.ADDR_ENTRY_BYTES) : Payloads.leadingCount(m);
            if (n < 0) {
                p.exact = false; // how many addresses it held is unknown: the bucket cannot follow
                return;
            }
            if (n > MAX_ADDR_TO_SEND) {
                return;
            }
            DecodeResult r = m.decode();
            entries = r.message() == null ? List.of() : addresses(r.message());
            p.exact = false;
        }
        if (n > MAX_ADDR_TO_SEND) {
            return; // Core rejects it (Misbehaving) before rate limiting: addr_oversized
        }
        int count = (int) n;
        int passed = p.bucket.take(now, count, exempt);
        int limited = count - passed;
        // Core shuffles the message, then each address that got a token is processed when its services say it may know addresses
        int useful = count - entries.size(); // entries not copied: assumed useful
        long nowSeconds = now / 1_000_000_000L;
        int bad = 0;
        for (AddrEntry e : entries) {
            long services = e.peer().services();
            if ((services & (NODE_NETWORK | NODE_NETWORK_LIMITED)) != 0) {
                useful++;
            }
            boolean isUnroutable = !Netgroups.routable(e.peer().address().network().jsonName(), e.peer().address().text());
            boolean isFuture = e.time() > nowSeconds + FUTURE_SECONDS;
            boolean isRepeated = remember(p, e);
            if (isUnroutable) {
                p.unroutable++;
            }
            if (isFuture) {
                p.future++;
            }
            if (isRepeated) {
                p.repeated++;
            }
            if (isUnroutable || isFuture || isRepeated) {
                bad++;
            }
        }
        long processed;
        if (passed == count || useful == count) {
            processed = passed == count ? useful : passed;
        } else if (useful == 0) {
            processed = 0;
        } else {
            // which addresses got the tokens is Core's random shuffle: the expected number
            processed = Math.round((double) passed * useful / count);
            p.exact = false;
        }
        p.messages++;
        p.announced += count;
        p.processed += processed;
        p.rateLimited += limited;
        p.limitedWindow.add(now, limited);
        p.announcedWindow.add(now, count);
        p.badWindow.add(now, bad);
        evaluate(p, now);
    }

    /** Whether Core's deserializer reads the message whole (trailing bytes are not checked there). */
    private static boolean deserializes(DecodeResult r) {
        if (r.message() == null || r.truncated()) {
            return false;
        }
        return r.error() == null || r.error().reason().endsWith("bytes after the end of the message");
    }

    private static List<AddrEntry> addresses(P2pMessage message) {
        return switch (message) {
            case P2pMessage.Addr a -> a.addresses();
            case P2pMessage.AddrV2 a -> a.addresses();
            default -> List.of();
        };
    }

    /** Whether the peer announced this address before (remembering it otherwise, up to {@link #REMEMBERED}). */
    private static boolean remember(PeerAddrs p, AddrEntry e) {
        if (p.seen == null) {
            p.seen = new LongSet(REMEMBERED);
        }
        var a = e.peer().address();
        long h = 0xcbf29ce484222325L ^ a.networkId();
        String text = a.text() != null ? a.text() : a.rawHex();
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ e.peer().port()) * 0x100000001b3L;
        return !p.seen.add(h);
    }

    private void evaluate(PeerAddrs p, long now) {
        double limited = p.limitedWindow.sum(now);
        double announced = p.announcedWindow.sum(now);
        double share = announced > 0 ? p.badWindow.sum(now) / announced : 0;
        boolean tooMany = limited >= rateLimitedThreshold;
        boolean tooBad = announced >= minAnnounced && share >= badShare;
        Subject subject = subject(p);
        if (tooMany || tooBad) {
            ctx.alerts().active(subject, now, summary(p, limited, share, tooMany), evidence(p, limited, share), limited, rateLimitedThreshold);
            if (!p.alerting) {
                p.alerting = true;
                alerting.add(p);
            }
        } else if (p.alerting) {
            ctx.alerts().clear(subject, now, limited);
        }
    }

    private Subject subject(PeerAddrs p) {
        PeerInfo info = ctx.peers().get(p.node, p.peerId);
        return Subject.peer(p.node, p.peerId, info == null ? "" : info.addr());
    }

    private String summary(PeerAddrs p, double limited, double share, boolean tooMany) {
        PeerInfo info = ctx.peers().get(p.node, p.peerId);
        String who = PeerInfo.who(p.peerId, info);
        String counts = p.announced + " addresses in " + p.messages + (p.messages == 1 ? " message" : " messages") + ": Core processed "
                + p.processed + " and rate-limited " + p.rateLimited + (p.exact ? "" : " (estimated)");
        String why = tooMany
                ? Evidence.format(limited) + " rate-limited within " + Durations.text(window) + " (threshold " + Evidence.format(rateLimitedThreshold) + ")"
                : percent(share) + " of the addresses within " + Durations.text(window) + " unroutable, future-dated or repeated (threshold "
                        + percent(badShare) + ")";
        return who + " announced " + counts + "; " + why;
    }

    private Evidence evidence(PeerAddrs p, double limited, double share) {
        return Evidence.builder()
                .put("announced", p.announced)
                .put("processed", p.processed)
                .put("rate_limited", p.rateLimited)
                .put("rate_limited_window", limited)
                .put("rate_limited_threshold", rateLimitedThreshold)
                .put("unroutable", p.unroutable)
                .put("future", p.future)
                .put("repeated", p.repeated)
                .put("bad_share", Math.round(share * 1000) / 1000.0)
                .put("bad_share_threshold", badShare)
                .put("tokens", Math.floor(p.bucket.tokens() * 1000) / 1000.0)
                .put("exact", p.exact ? 1 : 0)
                .build();
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    @Override
    public void onTick(long now) {
        if (alerting.isEmpty()) {
            return;
        }
        for (int i = alerting.size() - 1; i >= 0; i--) {
            PeerAddrs p = alerting.get(i);
            Subject subject = subject(p);
            if (!ctx.alerts().isOpen(subject)) {
                p.alerting = false;
                alerting.remove(i);
                continue;
            }
            evaluate(p, now);
        }
    }

    @Override
    public void peerGone(PeerInfo peer, long now) {
        PeerAddrs p = peers.remove(peer.node(), peer.peerId());
        if (p != null && p.alerting) {
            alerting.remove(p);
        }
    }

    /** For tests: what the detector counted for a connected peer (null when it kept nothing). */
    PeerAddrs counts(String node, long peerId) {
        return peers.get(node, peerId);
    }
}

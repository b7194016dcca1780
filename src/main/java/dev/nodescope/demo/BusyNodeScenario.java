package dev.nodescope.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An endless scenario for the tracepoint fixture ({@code nodescope-fixture play -}) that looks like a
 * busy mainnet node: peers connect, shake hands and relay with real P2P payloads, some are evicted,
 * misbehave or leave; transactions churn through the mempool (with rejections and replacements); a
 * block is connected every 10 to 20 seconds; the coins cache is flushed now and then; and a wallet
 * sends a payment once in a while.
 *
 * <p>The lines come in bursts of about a dozen events, each burst ending with a {@code sleep} of
 * about 100 ms (some 120 events a second), so a human can watch them. The fixture does the sleeping,
 * so the writer is paced by the pipe. Everything is drawn from {@code java.util.Random(seed)}, and the times written into events
 * (connection and mempool entry times) come from a simulated clock that starts at a fixed instant and
 * advances with every sleep, so a seed always gives the same lines.
 */
public final class BusyNodeScenario {
    private static final String RECORDINGS = "/demo/regtest-p2p-messages.jsonl";

    /** Default simulated clock at the start: 2024-11-14T00:00:00Z, about when block 870000 was mined. */
    private static final long DEFAULT_START_EPOCH_MS = 1_731_542_400_000L;
    private static final int FIRST_HEIGHT = 870_000;
    private static final long SUBSIDY_SAT = 312_500_000L;

    private static final int MAX_INBOUND = 25;
    private static final int MAX_OUTBOUND = 10;
    /** Bitcoin Core's default -dbcache (450 MiB), used as the coins cache limit. */
    private static final long CACHE_LIMIT_BYTES = 450L << 20;
    /** CoinsCacheSizeState::LARGE: within 10% and 10 MiB of the limit. */
    private static final long CACHE_LARGE_BYTES = Math.max(CACHE_LIMIT_BYTES * 9 / 10, CACHE_LIMIT_BYTES - (10L << 20));
    private static final int RECENT_COINS = 64;
    private static final String WALLET = "default";

    private static final String NET = "b-net";
    private static final String MSGHAND = "b-msghand";
    private static final String SCHEDULER = "b-scheduler";
    private static final String HTTP = "b-httpworker.0";

    private static final int FLUSH_IF_NEEDED = 1;
    private static final int FLUSH_PERIODIC = 2;

    /** Inventory types (protocol.h) without the witness flag. */
    private static final int MSG_TX = 1;
    private static final int MSG_WTX = 5;
    private static final int MSG_WITNESS_FLAG = 1 << 30;

    private static final String[] IPV4_DOC_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String[] SELECTION_ALGOS = {"bnb", "knapsack", "srd", "cg"};

    /** Misbehaving() messages of Bitcoin Core's net_processing, without the ": " prefix. */
    private static final String[] MISBEHAVIORS = {
        "headers message size = 2001",
        "invalid header received",
        "non-continuous headers sequence",
        "header with invalid proof of work",
        "invalid compact block",
        "invalid compact block/non-matching block transactions",
        "mutated block",
        "inv message size = 50001",
        "getdata message size = 50001",
        "addr message size = 1001",
    };

    /** A reject reason, and how many of the tx's inputs ATMP had loaded into the coins cache by then. */
    private record Rejection(String reason, int maxLoadedInputs) {
    }

    /**
     * Reasons checked before any input is looked up leave nothing to uncache; the others leave the
     * inputs they loaded, which AcceptToMemoryPool uncaches just before the rejected tracepoint.
     */
    private static final Rejection[] REJECTIONS = {
        new Rejection("txn-already-in-mempool", 0),
        new Rejection("dust", 0),
        new Rejection("txn-mempool-conflict", 0),
        new Rejection("bad-txns-inputs-missingorspent", 1),
        new Rejection("min relay fee not met", 3),
        new Rejection("mempool min fee not met", 3),
        new Rejection("insufficient fee", 2),
        new Rejection("too-long-mempool-chain", 2),
    };

    /** A recorded P2P message; received = from the peer (net:inbound_message). */
    private record Message(boolean received, String type, String hex) {
        Message mirrored() {
            return new Message(!received, type, hex);
        }

        int size() {
            return hex.length() / 2;
        }
    }

    private enum ConnType {
        // Outbound slots are filled in declaration order: the addnode peer first.
        INBOUND("inbound", 0, true, true),
        MANUAL("manual", 1, true, true),
        OUTBOUND_FULL_RELAY("outbound-full-relay", 6, true, true),
        BLOCK_RELAY_ONLY("block-relay-only", 2, false, true),
        FEELER("feeler", 0, false, false),
        ADDR_FETCH("addr-fetch", 0, false, false);

        final String label;
        /** How many long-lived outbound connections of this type the node keeps. */
        final int slots;
        final boolean txRelay;
        final boolean blockRelay;

        ConnType(String label, int slots, boolean txRelay, boolean blockRelay) {
            this.label = label;
            this.slots = slots;
            this.txRelay = txRelay;
            this.blockRelay = blockRelay;
        }

        boolean inbound() {
            return this == INBOUND;
        }
    }

    private record Endpoint(String addr, String network) {
    }

    private static final class Peer {
        final long id;
        final ConnType type;
        final Endpoint endpoint;
        /** A short-lived inbound that only handshakes and asks for addresses (a network crawler). */
        final boolean crawler;
        final long connectedAtMs;
        /** Leaves once its queued messages are sent and it has been connected this long. */
        final long lifetimeMs;
        /** Handshake messages and answers still to come, one burst later each time. */
        final Deque<Message> pending = new ArrayDeque<>();
        long nextPingAtMs;

        Peer(long id, ConnType type, Endpoint endpoint, boolean crawler, long connectedAtMs, long lifetimeMs) {
            this.id = id;
            this.type = type;
            this.endpoint = endpoint;
            this.crawler = crawler;
            this.connectedAtMs = connectedAtMs;
            this.lifetimeMs = lifetimeMs;
        }

        boolean ready() {
            return pending.isEmpty();
        }

        boolean leaves(long nowMs) {
            return ready() && nowMs - connectedAtMs >= lifetimeMs;
        }

        boolean relaysTxs() {
            return ready() && type.txRelay && !crawler;
        }

        boolean relaysBlocks() {
            return ready() && type.blockRelay && !crawler;
        }
    }

    private record MempoolTx(String txid, int vsize, long fee, long entryTime) {
        double feerate() {
            return (double) fee / vsize;
        }
    }

    private record Coin(String txid, int vout, int height, long value, boolean coinbase) {
    }

    /** One coin selection result, as the selected_coins and *_create_tx_internal tracepoints see it. */
    private record Selection(String algo, long target, long waste, long selectedValue, long fee, int changePos, int vsize) {
    }

    private final long seed;
    private final long startEpochMs;
    /** The handshake of every recorded peer, as recorded: those peers connected to us. */
    private final List<List<Message>> handshakes;
    /** Every recorded payload (hex) by message type. */
    private final Map<String, List<String>> payloads;

    /** Scenario with the real P2P payloads of /demo/regtest-p2p-messages.jsonl (on the classpath). */
    public BusyNodeScenario(long seed) throws IOException {
        this(seed, DEFAULT_START_EPOCH_MS);
    }

    /** The same, with the simulated clock (connection and mempool entry times) starting at {@code startEpochMs}. */
    public BusyNodeScenario(long seed, long startEpochMs) throws IOException {
        this.seed = seed;
        this.startEpochMs = startEpochMs;
        Map<Long, List<Message>> byPeer = readRecordings();
        this.handshakes = byPeer.values().stream().map(BusyNodeScenario::handshakePart).toList();
        Map<String, List<String>> byType = new HashMap<>();
        for (List<Message> messages : byPeer.values()) {
            for (Message m : messages) {
                byType.computeIfAbsent(m.type(), t -> new ArrayList<>()).add(m.hex());
            }
        }
        this.payloads = byType;
    }

    /**
     * Writes scenario lines to out until stopped.getAsBoolean() is true; flushes after each sleep line.
     * Starts with {@code wait-attached all 30000} and {@code sleep 200} (so the tracer is fully attached).
     */
    public void play(Writer out, BooleanSupplier stopped) throws IOException {
        Run run = new Run();
        while (!stopped.getAsBoolean()) {
            for (String line : run.nextBurst()) {
                out.write(line);
                out.write('\n');
            }
            out.flush(); // every burst ends with its sleep line
        }
    }

    /** The first n lines (for tests); same generator, deterministic for a seed. */
    public List<String> lines(int n) {
        Run run = new Run();
        List<String> lines = new ArrayList<>(n);
        while (lines.size() < n) {
            lines.addAll(run.nextBurst());
        }
        return List.copyOf(lines.subList(0, n));
    }

    // ---------------------------------------------------------------------------------------------
    // The recordings

    private static Map<Long, List<Message>> readRecordings() throws IOException {
        try (InputStream in = BusyNodeScenario.class.getResourceAsStream(RECORDINGS)) {
            if (in == null) {
                throw new IOException(RECORDINGS + " is not on the classpath");
            }
            Map<Long, List<Message>> byPeer = new LinkedHashMap<>();
            try (JsonParser parser = new JsonFactory().createParser(in)) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Map<String, String> fields = readFlatObject(parser);
                    long peer = Long.parseLong(field(fields, "peer_id"));
                    byPeer.computeIfAbsent(peer, p -> new ArrayList<>()).add(toMessage(fields));
                }
            }
            if (byPeer.isEmpty()) {
                throw new IOException(RECORDINGS + " holds no messages");
            }
            return byPeer;
        }
    }

    /** The scalar fields of one JSON object, as text. */
    private static Map<String, String> readFlatObject(JsonParser parser) throws IOException {
        Map<String, String> fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            fields.put(name, parser.getText());
            parser.skipChildren();
        }
        return fields;
    }

    private static String field(Map<String, String> fields, String name) throws IOException {
        String value = fields.get(name);
        if (value == null) {
            throw new IOException(RECORDINGS + ": a message without \"" + name + "\"");
        }
        return value;
    }

    private static Message toMessage(Map<String, String> fields) throws IOException {
        String hex = field(fields, "payload_hex");
        if (Long.parseLong(field(fields, "size")) * 2 != hex.length()) {
            throw new IOException(RECORDINGS + ": size does not match payload_hex: " + fields);
        }
        String direction = field(fields, "direction");
        if (!direction.equals("inbound") && !direction.equals("outbound")) {
            throw new IOException(RECORDINGS + ": unknown direction " + direction);
        }
        return new Message(direction.equals("inbound"), field(fields, "msg_type"), hex);
    }

    /** What a peer exchanged before its first getdata, which starts regular relay. */
    private static List<Message> handshakePart(List<Message> recorded) {
        int end = 0;
        while (end < recorded.size() && !recorded.get(end).type().equals("getdata")) {
            end++;
        }
        return List.copyOf(recorded.subList(0, end));
    }

    /**
     * Core disconnects a feeler as soon as it has the peer's version, after queueing its own
     * wtxidrelay, sendaddrv2 and verack; the peer's later messages are never processed.
     */
    private static List<Message> feelerHandshake(List<Message> messages) {
        List<Message> processed = messages.stream().filter(m -> !m.received() || m.type().equals("version")).toList();
        return upToAndIncluding(processed, m -> !m.received() && m.type().equals("verack"));
    }

    /** No transaction or address relay: our version says relay=false, and no feefilter or getaddr. */
    private static List<Message> blockRelayOnlyHandshake(List<Message> messages) {
        List<Message> out = new ArrayList<>();
        for (Message m : messages) {
            if (m.type().equals("feefilter") || m.type().equals("getaddr")) {
                continue;
            }
            boolean ourVersion = !m.received() && m.type().equals("version");
            // The version payload ends with the one-byte relay flag.
            out.add(ourVersion ? new Message(false, "version", m.hex().substring(0, m.hex().length() - 2) + "00") : m);
        }
        return out;
    }

    private static List<Message> upToAndIncluding(List<Message> messages, Predicate<Message> last) {
        for (int i = 0; i < messages.size(); i++) {
            if (last.test(messages.get(i))) {
                return messages.subList(0, i + 1);
            }
        }
        return messages;
    }

    /** Whether a getdata or inv payload asks for or announces transactions (by its first entry). */
    private static boolean isTxInventory(String hex) {
        // A compact-size count below 253 (one byte), then a little-endian uint32 type per entry.
        int type = Integer.reverseBytes(Integer.parseUnsignedInt(hex.substring(2, 10), 16)) & ~MSG_WITNESS_FLAG;
        return type == MSG_TX || type == MSG_WTX;
    }

    /** A headers payload with exactly one header: how a new block is announced. */
    private static boolean isSingleHeader(String hex) {
        return hex.startsWith("01");
    }

    // ---------------------------------------------------------------------------------------------
    // The generator: one Run per play() or lines() call

    private final class Run {
        private final Random random = new Random(seed);
        private final List<String> burst = new ArrayList<>();
        /** The fixture worker thread's name; null until the first thread line. */
        private String thread;
        private long nowMs = startEpochMs;
        private boolean started;

        private final Map<Long, Peer> peers = new LinkedHashMap<>();
        private long nextPeerId;
        private final List<MempoolTx> mempool = new ArrayList<>();
        private int height = FIRST_HEIGHT - 1;
        /** Outputs of recent blocks that later blocks spend (coinbases are immature, so never here). */
        private final Deque<Coin> recentCoins = new ArrayDeque<>();
        private long cacheCoins;
        private long cacheBytes;

        private long nextOutboundAt;
        private long nextInboundAt;
        private long nextAddrFetchAt;
        private long nextFeelerAt;
        private long nextMisbehaviorAt;
        private long nextBlockAt;
        private long nextFlushAt;
        private long nextWalletSendAt;

        Run() {
            // A node that has run for a while: its coins cache is nearly full.
            growCache(CACHE_LIMIT_BYTES / 104 * between(85, 99) / 100);
            nextOutboundAt = nowMs;
            // A freshly started node asks a seed node for addresses first.
            nextAddrFetchAt = nowMs + between(1_000, 4_000);
            nextInboundAt = nowMs + between(500, 2_000);
            nextFeelerAt = nowMs + between(10_000, 30_000);
            nextMisbehaviorAt = nowMs + between(20_000, 60_000);
            nextBlockAt = nowMs + between(5_000, 15_000);
            nextFlushAt = nowMs + between(20_000, 50_000);
            nextWalletSendAt = nowMs + between(10_000, 40_000);
        }

        List<String> nextBurst() {
            burst.clear();
            if (!started) {
                started = true;
                burst.add("wait-attached all 30000");
                sleep(200);
            } else {
                // Queued messages first, so that a feeler or crawler done with them leaves in this burst.
                sendPendingMessages();
                connections();
                transactions();
                relay();
                pings();
                chain();
                wallet();
                sleep(between(70, 130));
            }
            return List.copyOf(burst);
        }

        private void sleep(int ms) {
            burst.add("sleep " + ms);
            nowMs += ms;
        }

        // ----- connections

        private void connections() {
            for (Peer peer : List.copyOf(peers.values())) {
                if (peer.leaves(nowMs)) {
                    disconnect(peer);
                }
            }
            if (nowMs >= nextOutboundAt) {
                fillOutboundSlot();
                nextOutboundAt = nowMs + between(300, 1_500);
            }
            if (nowMs >= nextAddrFetchAt) {
                openTransient(ConnType.ADDR_FETCH);
                nextAddrFetchAt = nowMs + between(90_000, 240_000);
            }
            if (nowMs >= nextFeelerAt) {
                openTransient(ConnType.FEELER);
                nextFeelerAt = nowMs + between(15_000, 45_000);
            }
            if (nowMs >= nextInboundAt) {
                acceptInbound();
                nextInboundAt = nowMs + inboundInterval();
            }
            if (nowMs >= nextMisbehaviorAt) {
                misbehave();
                nextMisbehaviorAt = nowMs + between(60_000, 180_000);
            }
        }

        private void fillOutboundSlot() {
            for (ConnType type : ConnType.values()) {
                if (peers.values().stream().filter(p -> p.type == type).count() < type.slots) {
                    connect(type, false);
                    return;
                }
            }
        }

        /** Feelers and addr-fetch connections use the one outbound slot the long-lived ones leave free. */
        private void openTransient(ConnType type) {
            if (count(false) < MAX_OUTBOUND) {
                connect(type, false);
            }
        }

        /**
         * A listening node fills its inbound slots within minutes; here most come at once, so that
         * the demo shows a full node, and evictions, early on.
         */
        private int inboundInterval() {
            return count(true) < MAX_INBOUND - 3 ? between(300, 1_500) : between(3_000, 10_000);
        }

        private void acceptInbound() {
            boolean crawler = random.nextInt(100) < 35;
            if (count(true) < MAX_INBOUND) {
                connect(ConnType.INBOUND, crawler);
                return;
            }
            Optional<Peer> victim = pick(p -> p.type.inbound() && p.ready() && !p.crawler);
            if (victim.isEmpty()) {
                return; // like CConnman: nobody to evict, so the new connection is dropped
            }
            // CConnman only marks the evicted peer for disconnection: the newcomer is added (and
            // counted) while it is still there, and its socket closes on the next pass.
            emit(NET, tracepoint("net:evicted_inbound_connection", connectionArgs(victim.get(), victim.get().connectedAtMs / 1000)));
            connect(ConnType.INBOUND, crawler);
            disconnect(victim.get());
        }

        private void connect(ConnType type, boolean crawler) {
            Endpoint endpoint = type.inbound() ? inboundEndpoint() : outboundEndpoint();
            Peer peer = new Peer(nextPeerId++, type, endpoint, crawler, nowMs, lifetimeMs(type, crawler));
            peer.nextPingAtMs = nowMs + between(30_000, 90_000);
            peers.put(peer.id, peer);
            String name = type.inbound() ? "net:inbound_connection" : "net:outbound_connection";
            emit(NET, tracepoint(name, connectionArgs(peer, count(type.inbound()))));
            peer.pending.addAll(handshake(peer));
        }

        private long lifetimeMs(ConnType type, boolean crawler) {
            return switch (type) {
                case INBOUND -> crawler ? between(1_000, 5_000) : between(120_000, 2_400_000);
                case MANUAL -> Long.MAX_VALUE;
                case OUTBOUND_FULL_RELAY -> between(300_000, 3_600_000);
                case BLOCK_RELAY_ONLY -> between(600_000, 5_400_000);
                case FEELER -> 0; // leaves as soon as the versions are exchanged
                case ADDR_FETCH -> between(2_000, 6_000); // waits for the addr answer
            };
        }

        private void disconnect(Peer peer) {
            peers.remove(peer.id);
            emit(NET, tracepoint("net:closed_connection", connectionArgs(peer, peer.connectedAtMs / 1000)));
        }

        /** id, addr, conn type, network, then the last argument of the connection tracepoints. */
        private Object[] connectionArgs(Peer peer, long last) {
            return new Object[] {peer.id, peer.endpoint.addr(), peer.type.label, peer.endpoint.network(), last};
        }

        private void misbehave() {
            // Core only warns about a misbehaving manual peer and keeps it.
            Optional<Peer> peer = pick(p -> p.ready() && p.type != ConnType.MANUAL);
            peer.ifPresent(p -> {
                emit(MSGHAND, tracepoint("net:misbehaving_connection", p.id, oneOf(MISBEHAVIORS)));
                disconnect(p);
            });
        }

        private long count(boolean inbound) {
            return peers.values().stream().filter(p -> p.type.inbound() == inbound).count();
        }

        private Optional<Peer> pick(Predicate<Peer> filter) {
            List<Peer> candidates = peers.values().stream().filter(filter).toList();
            return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
        }

        // ----- addresses (documentation ranges only, and made-up onion services)

        private Endpoint inboundEndpoint() {
            int port = between(1_024, 65_535);
            int roll = random.nextInt(100);
            if (roll < 70) {
                return new Endpoint(ipv4() + ":" + port, "ipv4");
            }
            if (roll < 88) {
                return new Endpoint("[" + ipv6() + "]:" + port, "ipv6");
            }
            // Tor hands connections to our onion service over from the local Tor daemon.
            return new Endpoint("127.0.0.1:" + port, "onion");
        }

        private Endpoint outboundEndpoint() {
            int roll = random.nextInt(100);
            if (roll < 60) {
                return new Endpoint(ipv4() + ":8333", "ipv4");
            }
            if (roll < 85) {
                return new Endpoint("[" + ipv6() + "]:8333", "ipv6");
            }
            return new Endpoint(onionV3() + ":8333", "onion");
        }

        private String ipv4() {
            return oneOf(IPV4_DOC_NETS) + between(1, 254);
        }

        /** An address in 2001:db8::/32 with some zero groups, so that the "::" form shows up. */
        private String ipv6() {
            int[] groups = new int[8];
            groups[0] = 0x2001;
            groups[1] = 0x0db8;
            for (int i = 2; i < groups.length; i++) {
                groups[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(0x10000);
            }
            return rfc5952(groups);
        }

        /** 56 base32 characters; a v3 address always ends in 'd' (its version byte is 3). */
        private String onionV3() {
            StringBuilder sb = new StringBuilder(62);
            for (int i = 0; i < 55; i++) {
                sb.append(BASE32.charAt(random.nextInt(BASE32.length())));
            }
            return sb.append("d.onion").toString();
        }

        // ----- P2P messages

        /**
         * The recorded handshake of a random peer. The recorded peers connected to us, so for our
         * outbound connections the directions are mirrored: we play the part the remote peer played.
         */
        private List<Message> handshake(Peer peer) {
            List<Message> recorded = handshakes.get(random.nextInt(handshakes.size()));
            List<Message> messages = peer.type.inbound() ? recorded : recorded.stream().map(Message::mirrored).toList();
            if (peer.type == ConnType.FEELER) {
                return feelerHandshake(messages);
            }
            if (peer.crawler) {
                return upToAndIncluding(messages, m -> m.received() && m.type().equals("getaddr"));
            }
            if (peer.type == ConnType.BLOCK_RELAY_ONLY) {
                return blockRelayOnlyHandshake(messages);
            }
            return messages;
        }

        /** A few queued messages per peer and burst, so handshakes interleave like real ones. */
        private void sendPendingMessages() {
            for (Peer peer : peers.values()) {
                for (int n = between(2, 5); n > 0 && !peer.pending.isEmpty(); n--) {
                    send(peer, peer.pending.poll());
                }
            }
        }

        private void send(Peer peer, Message m) {
            String name = m.received() ? "net:inbound_message" : "net:outbound_message";
            emit(MSGHAND, tracepoint(name, peer.id, peer.endpoint.addr(), peer.type.label, m.type(), m.size(), "hex:" + m.hex()));
        }

        private Message received(String type) {
            return received(type, hex -> true);
        }

        private Message received(String type, Predicate<String> filter) {
            return new Message(true, type, recordedPayload(type, filter));
        }

        private Message sent(String type) {
            return sent(type, hex -> true);
        }

        private Message sent(String type, Predicate<String> filter) {
            return new Message(false, type, recordedPayload(type, filter));
        }

        private String recordedPayload(String type, Predicate<String> filter) {
            List<String> candidates = payloads.getOrDefault(type, List.of()).stream().filter(filter).toList();
            if (candidates.isEmpty()) {
                throw new IllegalStateException(RECORDINGS + " has no suitable " + type + " message");
            }
            return candidates.get(random.nextInt(candidates.size()));
        }

        // ----- transactions

        /** About 15 new transactions a second, each announced, requested and sent by a peer. */
        private void transactions() {
            for (int n = random.nextInt(4); n > 0; n--) {
                Optional<Peer> from = pick(Peer::relaysTxs);
                if (from.isEmpty()) {
                    return;
                }
                send(from.get(), received("inv", BusyNodeScenario::isTxInventory));
                send(from.get(), sent("getdata", BusyNodeScenario::isTxInventory));
                send(from.get(), received("tx"));
                acceptToMemoryPool();
            }
        }

        private void acceptToMemoryPool() {
            int roll = random.nextInt(100);
            if (roll < 5 && !mempool.isEmpty()) {
                replaceByFee();
            } else if (roll < 12) {
                reject();
            } else {
                MempoolTx tx = newTx(vsize(), feerate());
                addToMempool(MSGHAND, tx);
                limitMempoolSize(tx);
            }
        }

        private MempoolTx newTx(int vsize, long feerate) {
            return new MempoolTx(hash(), vsize, vsize * feerate + between(0, vsize / 4), nowMs / 1000);
        }

        private void addToMempool(String threadName, MempoolTx tx) {
            mempool.add(tx);
            growCache(between(1, 3)); // the inputs it looked up
            emit(threadName, tracepoint("mempool:added", tx.txid(), tx.vsize(), tx.fee()));
        }

        private void reject() {
            Rejection rejection = oneOf(REJECTIONS);
            for (int n = between(0, rejection.maxLoadedInputs()); n > 0; n--) {
                emit(MSGHAND, tracepoint("utxocache:uncache", coinArgs(olderCoin())));
            }
            emit(MSGHAND, tracepoint("mempool:rejected", hash(), rejection.reason()));
        }

        /**
         * A replacement of one or two mempool transactions. As in Bitcoin Core: one replaced event
         * per conflict, then the conflicts are removed, then the replacement is added.
         */
        private void replaceByFee() {
            List<MempoolTx> conflicts = new ArrayList<>();
            for (int n = random.nextInt(5) == 0 ? 2 : 1; n > 0 && !mempool.isEmpty(); n--) {
                conflicts.add(mempool.remove(random.nextInt(mempool.size())));
            }
            int vsize = Math.max(110, conflicts.getFirst().vsize() + between(-20, 40));
            long replacedFees = conflicts.stream().mapToLong(MempoolTx::fee).sum();
            // BIP125 rule 4: pay for the replaced ones and for its own relay, at least 1 sat/vB.
            MempoolTx replacement = new MempoolTx(hash(), vsize, replacedFees + vsize * between(1, 20L), nowMs / 1000);
            for (MempoolTx old : conflicts) {
                emit(MSGHAND, tracepoint("mempool:replaced", old.txid(), old.vsize(), old.fee(), old.entryTime(),
                        replacement.txid(), replacement.vsize(), replacement.fee(), true));
            }
            for (MempoolTx old : conflicts) {
                emit(MSGHAND, removed(old, "replaced"));
            }
            addToMempool(MSGHAND, replacement);
        }

        /** What LimitMempoolSize does after an accept now and then: expire, then trim to size. */
        private void limitMempoolSize(MempoolTx justAdded) {
            if (random.nextInt(100) < 2) {
                // Two weeks old: it entered the mempool long before the demo started.
                long entry = nowMs / 1000 - 336 * 3600 - between(1, 3_600);
                emit(MSGHAND, removed(new MempoolTx(hash(), vsize(), between(110L, 400L), entry), "expiry"));
            }
            if (random.nextInt(100) < 2) {
                mempool.stream()
                        .filter(tx -> tx != justAdded)
                        .min(Comparator.comparingDouble(MempoolTx::feerate))
                        .ifPresent(cheapest -> {
                            mempool.remove(cheapest);
                            emit(MSGHAND, removed(cheapest, "sizelimit"));
                        });
            }
        }

        private String removed(MempoolTx tx, String reason) {
            return tracepoint("mempool:removed", tx.txid(), reason, tx.vsize(), tx.fee(), tx.entryTime());
        }

        /** Mostly small transactions. */
        private int vsize() {
            return 110 + (int) (Math.pow(random.nextDouble(), 2.5) * 1_890);
        }

        /** sat/vB: mostly a few, sometimes dozens. */
        private long feerate() {
            return 1 + (long) (Math.pow(random.nextDouble(), 3) * 60);
        }

        // ----- relay traffic around the transactions

        private void relay() {
            // Our trickled announcements, and theirs of transactions we already have.
            for (int n = random.nextInt(4); n > 0; n--) {
                pick(Peer::relaysTxs).ifPresent(p -> send(p, sent("inv", BusyNodeScenario::isTxInventory)));
            }
            for (int n = random.nextInt(4); n > 0; n--) {
                pick(Peer::relaysTxs).ifPresent(p -> send(p, received("inv", BusyNodeScenario::isTxInventory)));
            }
            if (random.nextInt(100) < 40) {
                pick(Peer::relaysTxs).ifPresent(p -> {
                    send(p, received("getdata", BusyNodeScenario::isTxInventory));
                    send(p, sent("tx"));
                });
            }
            if (random.nextInt(100) < 3) {
                pick(Peer::relaysTxs).ifPresent(p -> send(p, sent("feefilter")));
            }
        }

        /** Each side pings every two minutes or so, so a connection sees a ping about every minute. */
        private void pings() {
            for (Peer peer : peers.values()) {
                if (peer.ready() && nowMs >= peer.nextPingAtMs) {
                    ping(peer);
                    peer.nextPingAtMs = nowMs + between(50_000, 70_000);
                }
            }
        }

        /** A pong echoes the ping's nonce. We answer a peer's ping at once; its pong to ours comes a burst later. */
        private void ping(Peer peer) {
            if (random.nextBoolean()) {
                Message ping = received("ping");
                send(peer, ping);
                send(peer, new Message(false, "pong", ping.hex()));
            } else {
                Message ping = sent("ping");
                send(peer, ping);
                peer.pending.add(new Message(true, "pong", ping.hex()));
            }
        }

        // ----- blocks and the coins cache

        private void chain() {
            if (nowMs >= nextBlockAt) {
                Optional<Peer> announcer = pick(Peer::relaysBlocks);
                // Without a peer to hear of it from, try again in the next burst.
                announcer.ifPresent(p -> {
                    connectBlock(p);
                    nextBlockAt = nowMs + between(10_000, 20_000);
                });
            }
            if (nowMs >= nextFlushAt) {
                // Core writes about hourly; the demo, every minute or two. Such a periodic write
                // keeps the cache (v28+), unless the cache is nearly full anyway.
                flush(FLUSH_PERIODIC, cacheBytes >= CACHE_LARGE_BYTES);
                nextFlushAt = nowMs + between(60_000, 180_000);
            }
        }

        private void connectBlock(Peer announcer) {
            height++;
            receiveBlock(announcer);
            relayCompactBlock(announcer);
            List<MempoolTx> confirmed = takeConfirmed();
            int txs = Math.max(between(1_000, 4_000), confirmed.size() + 1);
            int inputs = txs * between(16, 32) / 10;
            updateCoins(confirmed);
            growCache(inputs * 2L);
            emit(MSGHAND, tracepoint("validation:block_connected", blockHash(), height, txs, inputs,
                    Math.min(80_000, txs * between(3, 8)), between(20_000_000L, 400_000_000L)));
            // ConnectTip writes the coins if the cache has outgrown its limit, then updates the mempool.
            if (cacheBytes > CACHE_LIMIT_BYTES) {
                flush(FLUSH_IF_NEEDED, true);
            }
            for (MempoolTx tx : confirmed) {
                emit(MSGHAND, removed(tx, "block"));
            }
            announceBlock(announcer);
        }

        /** As a compact block from a high-bandwidth peer, or announced by headers and fetched. */
        private void receiveBlock(Peer from) {
            if (random.nextInt(100) < 70) {
                send(from, received("cmpctblock"));
            } else {
                send(from, received("headers", BusyNodeScenario::isSingleHeader));
                send(from, sent("getdata", hex -> !isTxInventory(hex)));
                send(from, received("block"));
            }
        }

        /** Up to three high-bandwidth peers get it as a compact block before it is even connected. */
        private void relayCompactBlock(Peer from) {
            for (Peer p : otherBlockPeers(from, between(1, 3))) {
                send(p, sent("cmpctblock"));
            }
        }

        /** The others hear of it by headers once it is connected. */
        private void announceBlock(Peer from) {
            for (Peer p : otherBlockPeers(from, between(2, 4))) {
                send(p, sent("headers", BusyNodeScenario::isSingleHeader));
            }
        }

        private List<Peer> otherBlockPeers(Peer except, int max) {
            List<Peer> others = new ArrayList<>(peers.values().stream().filter(p -> p != except && p.relaysBlocks()).toList());
            while (others.size() > max) {
                others.remove(random.nextInt(others.size()));
            }
            return others;
        }

        /** Most of the mempool, best feerates first, as a miner would fill the block. */
        private List<MempoolTx> takeConfirmed() {
            List<MempoolTx> byFeerate = new ArrayList<>(mempool);
            byFeerate.sort(Comparator.comparingDouble(MempoolTx::feerate).reversed());
            List<MempoolTx> confirmed = List.copyOf(byFeerate.subList(0, byFeerate.size() * between(80, 97) / 100));
            mempool.removeAll(confirmed);
            return confirmed;
        }

        /**
         * A handful of the block's coin changes, in ConnectBlock's order: the coinbase output, then
         * per transaction its spent inputs and its new outputs.
         */
        private void updateCoins(List<MempoolTx> confirmed) {
            long fees = confirmed.stream().mapToLong(MempoolTx::fee).sum() + between(2_000_000L, 20_000_000L);
            emit(MSGHAND, tracepoint("utxocache:add", coinArgs(new Coin(hash(), 0, height, SUBSIDY_SAT + fees, true))));
            List<Coin> created = new ArrayList<>();
            for (int t = 0, txs = between(2, 4); t < txs; t++) {
                String txid = t < confirmed.size() ? confirmed.get(t).txid() : hash();
                for (int n = between(1, 2); n > 0; n--) {
                    Coin spent = recentCoins.isEmpty() ? olderCoin() : recentCoins.poll();
                    emit(MSGHAND, tracepoint("utxocache:spent", coinArgs(spent)));
                }
                for (int vout = 0, outputs = between(1, 3); vout < outputs; vout++) {
                    Coin coin = new Coin(txid, vout, height, coinValue(), false);
                    emit(MSGHAND, tracepoint("utxocache:add", coinArgs(coin)));
                    created.add(coin);
                }
            }
            // Only later blocks spend them.
            created.forEach(this::remember);
        }

        private void remember(Coin coin) {
            recentCoins.add(coin);
            if (recentCoins.size() > RECENT_COINS) {
                recentCoins.poll();
            }
        }

        /** A coin from a block before the demo began. */
        private Coin olderCoin() {
            return new Coin(hash(), between(0, 3), height - between(1, 150_000), coinValue(), false);
        }

        private long coinValue() {
            return 546 + (long) (Math.pow(random.nextDouble(), 4) * 2_000_000_000L);
        }

        private Object[] coinArgs(Coin coin) {
            return new Object[] {coin.txid(), coin.vout(), coin.height(), coin.value(), coin.coinbase()};
        }

        private void growCache(long coins) {
            cacheCoins += coins;
            cacheBytes += coins * between(96, 112);
        }

        /** A wiping flush writes and empties the cache; a non-wiping one (Sync) only writes. */
        private void flush(int mode, boolean wipe) {
            long durationUs = wipe ? between(1_500_000L, 6_000_000L) : between(150_000L, 900_000L);
            emit(SCHEDULER, tracepoint("utxocache:flush", durationUs, mode, cacheCoins, cacheBytes, false));
            if (wipe) {
                cacheCoins = 0;
                cacheBytes = 0;
            }
        }

        // ----- the wallet

        private void wallet() {
            if (nowMs >= nextWalletSendAt) {
                sendToAddress();
                nextWalletSendAt = nowMs + between(20_000, 60_000);
            }
        }

        /**
         * A sendtoaddress RPC. Most often Core's default path: a normal attempt, then one that avoids
         * partial spends (chosen if it costs no more); sometimes the wallet avoids partial spends
         * already, so there is one attempt; and sometimes the funds are insufficient, in which case
         * selection fails before its tracepoint.
         */
        private void sendToAddress() {
            int roll = random.nextInt(10);
            if (roll == 0) {
                emit(HTTP, tracepoint("coin_selection:normal_create_tx_internal", WALLET, false, 0, -1));
                return;
            }
            long amount = between(10_000L, 500_000_000L);
            long feerate = feerate();
            Selection chosen = select(amount, feerate);
            emit(HTTP, selectedCoins(chosen));
            emit(HTTP, tracepoint("coin_selection:normal_create_tx_internal", WALLET, true, chosen.fee(), chosen.changePos()));
            if (roll < 8) {
                emit(HTTP, tracepoint("coin_selection:attempting_aps_create_tx", WALLET));
                Selection grouped = select(amount, feerate);
                emit(HTTP, selectedCoins(grouped));
                boolean useAps = grouped.fee() <= chosen.fee();
                emit(HTTP, tracepoint("coin_selection:aps_create_tx_internal", WALLET, useAps, true, grouped.fee(), grouped.changePos()));
                if (useAps) {
                    chosen = grouped;
                }
            }
            // The RPC thread submits it to the mempool itself.
            addToMempool(HTTP, new MempoolTx(hash(), chosen.vsize(), chosen.fee(), nowMs / 1000));
        }

        /** P2WPKH sizes; BnB finds a changeless solution, the others make change. */
        private Selection select(long amount, long feerate) {
            String algo = oneOf(SELECTION_ALGOS);
            boolean changeless = algo.equals("bnb");
            int inputs = between(1, 4);
            int outputs = changeless ? 1 : 2;
            int vsize = 11 + 68 * inputs + 31 * outputs;
            long fee = vsize * feerate;
            long target = amount + (11 + 31L * outputs) * feerate;
            long inputFees = 68L * inputs * feerate;
            long change = changeless ? 0 : between(10_000L, 50_000_000L);
            long selected = target + inputFees + change + (changeless ? between(0, 300) : 0);
            long waste = between(-2_000L, 3_000L) + (changeless ? selected - target - inputFees : 31 * feerate);
            return new Selection(algo, target, waste, selected, fee, changeless ? -1 : random.nextInt(2), vsize);
        }

        private String selectedCoins(Selection s) {
            return tracepoint("coin_selection:selected_coins", WALLET, s.algo(), s.target(), s.waste(), s.selectedValue());
        }

        // ----- output and randomness

        private void emit(String threadName, String line) {
            if (!threadName.equals(thread)) {
                burst.add("thread " + threadName);
                thread = threadName;
            }
            burst.add(line);
        }

        private String hash() {
            HexFormat hex = HexFormat.of();
            return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong())
                    + hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
        }

        /** Mainnet difficulty at this height gives hashes with about 19 leading zero digits. */
        private String blockHash() {
            return "0".repeat(19) + hash().substring(19);
        }

        private int between(int lo, int hi) {
            return lo + random.nextInt(hi - lo + 1);
        }

        private long between(long lo, long hi) {
            return random.nextLong(lo, hi + 1);
        }

        @SafeVarargs
        private <T> T oneOf(T... choices) {
            return choices[random.nextInt(choices.length)];
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Formatting

    private static String tracepoint(String name, Object... args) {
        StringJoiner line = new StringJoiner(" ");
        line.add(name);
        for (Object arg : args) {
            line.add(token(String.valueOf(arg)));
        }
        return line.toString();
    }

    /** The fixture splits on blanks: quote what has any, or could be taken for the NULL token. */
    private static String token(String s) {
        boolean plain = !s.isEmpty() && !s.equals("NULL")
                && s.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\');
        return plain ? s : '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** IPv6 text as Bitcoin Core writes it (RFC 5952): the longest run of 2+ zero groups becomes "::". */
    static String rfc5952(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (bestStart < 0) {
            return hexGroups(groups, 0, groups.length);
        }
        return hexGroups(groups, 0, bestStart) + "::" + hexGroups(groups, bestStart + bestLength, groups.length);
    }

    private static String hexGroups(int[] groups, int from, int to) {
        StringJoiner text = new StringJoiner(":");
        for (int i = from; i < to; i++) {
            text.add(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}

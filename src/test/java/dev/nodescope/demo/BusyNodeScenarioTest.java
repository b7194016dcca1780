package dev.nodescope.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyNodeScenarioTest {
    private static final int SAMPLE_LINES = 20_000;

    private static final Set<String> ALL_TRACEPOINTS = Set.of(
            "net:inbound_message", "net:outbound_message", "net:inbound_connection", "net:outbound_connection",
            "net:evicted_inbound_connection", "net:misbehaving_connection", "net:closed_connection",
            "validation:block_connected", "utxocache:flush", "utxocache:add", "utxocache:spent", "utxocache:uncache",
            "coin_selection:selected_coins", "coin_selection:normal_create_tx_internal",
            "coin_selection:attempting_aps_create_tx", "coin_selection:aps_create_tx_internal",
            "mempool:added", "mempool:removed", "mempool:replaced", "mempool:rejected");

    /** Address and network of a connection, by network: documentation ranges and onion v3 only. */
    private static final Map<String, Pattern> ADDRESSES = Map.of(
            "ipv4", Pattern.compile("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d{1,3}:\\d{4,5}"),
            "ipv6", Pattern.compile("\\[2001:db8:[0-9a-f:]*\\]:\\d{4,5}"),
            "onion", Pattern.compile("[a-z2-7]{55}d\\.onion:8333|127\\.0\\.0\\.1:\\d{4,5}"));

    private static BusyNodeScenario scenario;
    private static List<String> sample;

    @BeforeAll
    static void generate() throws IOException {
        scenario = new BusyNodeScenario(1);
        sample = scenario.lines(SAMPLE_LINES);
    }

    @Test
    void theSameSeedGivesTheSameLines() throws IOException {
        assertThat(new BusyNodeScenario(1).lines(2_000)).isEqualTo(sample.subList(0, 2_000));
    }

    @Test
    void differentSeedsGiveDifferentLines() throws IOException {
        assertThat(new BusyNodeScenario(2).lines(2_000)).isNotEqualTo(sample.subList(0, 2_000));
    }

    @Test
    void startsByWaitingForTheTracer() {
        assertThat(sample.subList(0, 2)).containsExactly("wait-attached all 30000", "sleep 200");
    }

    @Test
    void playWritesTheSameLinesAndFlushesAfterEachSleep() throws IOException {
        List<String> lastLineAtFlush = new ArrayList<>();
        StringWriter out = new StringWriter() {
            @Override
            public void flush() {
                List<String> written = toString().lines().toList();
                lastLineAtFlush.add(written.getLast());
            }
        };
        scenario.play(out, () -> lastLineAtFlush.size() == 50);

        List<String> written = out.toString().lines().toList();
        assertThat(out.toString()).endsWith("\n");
        assertThat(written).isEqualTo(sample.subList(0, written.size()));
        assertThat(lastLineAtFlush).hasSize(50).allMatch(line -> line.startsWith("sleep "));
    }

    /** Every generated line is valid fixture syntax: the real fixture parses them all, no tracer attached. */
    @Test
    void theFixtureAcceptsEveryLine(@TempDir Path dir) throws Exception {
        List<String> input = sample.stream().filter(l -> !l.startsWith("wait-attached ") && !l.startsWith("sleep ")).toList();
        long tracepointLines = input.stream().filter(BusyNodeScenarioTest::isTracepoint).count();
        Path scenarioFile = Files.write(dir.resolve("scenario"), input);
        Path stdout = dir.resolve("stdout");
        Path stderr = dir.resolve("stderr");

        Process fixture = new ProcessBuilder(fixture().toString(), "play", "-")
                .redirectInput(scenarioFile.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();

        assertThat(fixture.waitFor(120, SECONDS)).isTrue();
        assertThat(Files.readString(stderr)).isEmpty();
        assertThat(Files.readAllLines(stdout)).last().isEqualTo("done fired=0 skipped=" + tracepointLines + " errors=0");
        assertThat(fixture.exitValue()).isZero();
    }

    @Test
    void everyTracepointAppears() {
        Set<String> seen = sample.stream().filter(BusyNodeScenarioTest::isTracepoint).map(BusyNodeScenarioTest::command)
                .collect(Collectors.toSet());
        assertThat(seen).isEqualTo(ALL_TRACEPOINTS);
    }

    @Test
    void messageSizesAreTheirPayloadLengths() {
        List<String[]> messages = sample.stream().filter(l -> l.startsWith("net:inbound_message ") || l.startsWith("net:outbound_message "))
                .map(l -> l.split(" ")).toList();
        assertThat(messages).isNotEmpty().allSatisfy(m -> {
            assertThat(m).hasSize(7);
            assertThat(m[6]).startsWith("hex:").matches("hex:([0-9a-f]{2})*");
            assertThat(Long.parseLong(m[5])).isEqualTo((m[6].length() - "hex:".length()) / 2);
        });
        assertThat(messages.stream().map(m -> m[4]).collect(Collectors.toSet())).contains(
                "version", "verack", "sendaddrv2", "wtxidrelay", "sendcmpct", "sendheaders", "feefilter",
                "ping", "pong", "inv", "getdata", "tx", "headers", "cmpctblock", "block");
    }

    /**
     * Peer ids increase, counts include the new connection (and an evicted peer until it is closed),
     * only connected peers act, established times are the connect times, addresses are reserved ones.
     */
    @Test
    void connectionsAreConsistent() {
        Map<Long, Boolean> connected = new HashMap<>(); // id -> inbound
        Map<Long, Long> connectedAtMs = new HashMap<>(); // relative to the first line
        LongSummaryStatistics clockStart = new LongSummaryStatistics();
        long lastId = -1;
        long elapsedMs = 0;
        for (String line : sample) {
            String[] t = line.split(" ");
            switch (t[0]) {
                case "sleep" -> elapsedMs += Long.parseLong(t[1]);
                case "net:inbound_connection", "net:outbound_connection" -> {
                    long id = Long.parseLong(t[1]);
                    boolean inbound = t[0].equals("net:inbound_connection");
                    assertThat(id).as(line).isGreaterThan(lastId);
                    assertThat(t[3].equals("inbound")).as(line).isEqualTo(inbound);
                    assertThat(ADDRESSES.get(t[4]).matcher(t[2]).matches()).as(line).isTrue();
                    lastId = id;
                    connected.put(id, inbound);
                    connectedAtMs.put(id, elapsedMs);
                    long count = connected.values().stream().filter(b -> b == inbound).count();
                    assertThat(Long.parseLong(t[5])).as(line).isEqualTo(count);
                    assertThat(count).as(line).isLessThanOrEqualTo(inbound ? 26 : 10);
                }
                case "net:evicted_inbound_connection" -> assertThat(connected.get(Long.parseLong(t[1]))).as(line).isTrue();
                case "net:closed_connection" -> {
                    long id = Long.parseLong(t[1]);
                    assertThat(connected.remove(id)).as(line).isNotNull();
                    clockStart.accept(Long.parseLong(t[5]) * 1000 - connectedAtMs.get(id));
                }
                case "net:misbehaving_connection", "net:inbound_message", "net:outbound_message" ->
                        assertThat(connected).as(line).containsKey(Long.parseLong(t[1]));
                default -> {
                }
            }
        }
        assertThat(clockStart.getCount()).isPositive();
        assertThat(clockStart.getMax() - clockStart.getMin()).as("time_established = connect time").isLessThan(1000);
    }

    /** Removals and replacements refer to transactions in the mempool, in Bitcoin Core's order. */
    @Test
    void mempoolEventsFollowTheMempool() {
        Set<String> mempool = new HashSet<>();
        Deque<String> replacedToRemove = new ArrayDeque<>();
        String replacement = null;
        for (String line : sample) {
            String[] t = line.split(" ");
            switch (t[0]) {
                case "mempool:replaced" -> {
                    assertThat(mempool).as(line).contains(t[1]);
                    assertThat(Long.parseLong(t[7])).as(line).isGreaterThan(Long.parseLong(t[3]));
                    assertThat(t[8]).isEqualTo("true");
                    assertThat(replacement == null || replacement.equals(t[5])).as(line).isTrue();
                    replacedToRemove.add(t[1]);
                    replacement = t[5];
                }
                case "mempool:removed" -> {
                    if (t[2].equals("expiry")) {
                        assertThat(mempool).as(line).doesNotContain(t[1]); // entered before the demo started
                    } else {
                        assertThat(mempool.remove(t[1])).as(line).isTrue();
                    }
                    if (t[2].equals("replaced")) {
                        assertThat(replacedToRemove.poll()).as(line).isEqualTo(t[1]);
                    }
                }
                case "mempool:added" -> {
                    assertThat(mempool.add(t[1])).as(line).isTrue();
                    if (replacement != null) {
                        assertThat(replacedToRemove).as(line).isEmpty();
                        assertThat(t[1]).as(line).isEqualTo(replacement);
                        replacement = null;
                    }
                }
                default -> {
                }
            }
        }
    }

    @Test
    void blocksFollowEachOther() {
        List<String[]> blocks = sample.stream().filter(l -> l.startsWith("validation:block_connected ")).map(l -> l.split(" ")).toList();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < blocks.size(); i++) {
            String[] b = blocks.get(i);
            assertThat(b[1]).matches("0{19}[0-9a-f]{45}");
            assertThat(Integer.parseInt(b[2])).isEqualTo(870_000 + i);
            assertThat(Long.parseLong(b[3])).isBetween(1_000L, 4_000L);
            assertThat(Long.parseLong(b[6])).isBetween(20_000_000L, 400_000_000L);
        }
    }

    @Test
    void ipv6AddressesAreWrittenAsBitcoinCoreWritesThem() {
        assertThat(BusyNodeScenario.rfc5952(new int[] {0x2001, 0xdb8, 0, 0, 0, 0, 0, 1})).isEqualTo("2001:db8::1");
        assertThat(BusyNodeScenario.rfc5952(new int[] {0x2001, 0xdb8, 0, 0xa, 0, 0, 0xbc, 0})).isEqualTo("2001:db8:0:a::bc:0");
        assertThat(BusyNodeScenario.rfc5952(new int[] {0x2001, 0xdb8, 7, 0, 0, 8, 0, 0})).isEqualTo("2001:db8:7::8:0:0");
        assertThat(BusyNodeScenario.rfc5952(new int[] {0x2001, 0xdb8, 0xff, 0xa, 0, 0, 0, 0})).isEqualTo("2001:db8:ff:a::");
        assertThat(BusyNodeScenario.rfc5952(new int[] {0x2001, 0xdb8, 1, 0, 2, 0, 3, 0})).isEqualTo("2001:db8:1:0:2:0:3:0");
    }

    @Test
    void pacedForAHuman() {
        long events = sample.stream().filter(BusyNodeScenarioTest::isTracepoint).count();
        long sleptMs = sample.stream().filter(l -> l.startsWith("sleep ")).mapToLong(l -> Long.parseLong(l.substring(6))).sum();
        assertThat(events * 1000.0 / sleptMs).isBetween(100.0, 300.0);
    }

    private static boolean isTracepoint(String line) {
        return command(line).contains(":");
    }

    private static String command(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private static Path fixture() {
        String dir = System.getenv("NODESCOPE_NATIVE_DIR");
        return Path.of(dir != null ? dir : "target/classes/native", "nodescope-fixture");
    }
}

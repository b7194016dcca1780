package dev.nodescope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.BpfAvailable;
import dev.nodescope.Cli;
import dev.nodescope.Fixture;
import dev.nodescope.Scenario;
import dev.nodescope.TmuxPane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `nodescope monitor` as an operator runs it: in a real terminal (a tmux pane, as over SSH),
 * against the fixture, driven with tmux send-keys and read with tmux capture-pane.
 */
@ExtendWith(BpfAvailable.class)
class MonitorTmuxTest {
    private static final String ONION = Scenario.ONION_68;
    private TmuxPane pane;

    @TempDir
    Path dir;

    @BeforeAll
    static void tmuxInstalled() {
        boolean found;
        try {
            found = new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            found = false;
        }
        if (!found && "true".equals(System.getenv("CI"))) {
            fail("tmux is missing under CI=true (scripts/setup.sh installs it)");
        }
        assumeTrue(found, "tmux is not installed: monitor end-to-end tests skipped");
    }

    @AfterEach
    void killServer() throws Exception {
        if (pane != null) {
            pane.close();
        }
    }

    @Test
    void liveTableKeysAndCleanExit() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            start(80, 24, "--pid", Long.toString(fx.pid()), "--node", "tmux-node");
            // the monitor attaches only what it shows (not utxocache:*, coin_selection:*): wait for all of those, so the
            // lines below come once it is fully attached, as "wait-attached all" did when it attached everything
            for (String tp : List.of("net:inbound_message", "net:outbound_message", "net:inbound_connection", "net:outbound_connection",
                    "net:evicted_inbound_connection", "net:misbehaving_connection", "net:closed_connection", "validation:block_connected",
                    "mempool:added", "mempool:removed", "mempool:replaced", "mempool:rejected")) {
                fx.send("wait-attached " + tp + " 20000");
            }
            fx.send("sleep 100");
            // peer 5 comes first: the selection starts on the top row and follows that peer, so a frame drawn in the
            // middle of this burst (a loaded machine) must not see peers 7-9 without 5
            fx.send("thread b-msghand",
                    "net:inbound_message 5 198.51.100.7:8333 inbound tx 250 pattern",
                    "thread b-net",
                    "net:inbound_connection 7 127.0.0.1:50412 inbound unroutable 1",
                    "net:outbound_connection 8 203.0.113.45:8333 outbound-full-relay ipv4 1",
                    "net:outbound_connection 9 " + ONION + " block-relay-only onion 2",
                    "thread b-msghand",
                    "net:inbound_message 7 127.0.0.1:50412 inbound ping 8 hex:0102030405060708",
                    "net:outbound_message 7 127.0.0.1:50412 inbound pong 8 hex:0102030405060708",
                    "net:inbound_message 8 203.0.113.45:8333 outbound-full-relay headers 16200 pattern",
                    "net:misbehaving_connection 7 \"headers message size = 2001\"",
                    "validation:block_connected " + Scenario.HASH + " 870001 3012 7001 12345 123456789",
                    "mempool:added " + Scenario.TXID_A + " 141 31200",
                    "net:closed_connection 9 " + ONION + " block-relay-only onion 1700000123");
            List<String> pane = await(p -> p.stream().anyMatch(l -> l.startsWith("x     9 block")), "peer 9 closed");
            assertThat(pane.get(0)).matches("nodescope monitor  node tmux-node  pid " + fx.pid()
                    + "  height 870001 \\(123\\.5 ms, \\d+s ago\\)");
            assertThat(pane.get(1)).matches("LIVE  mempool \\+\\d+\\.\\d/s -0\\.0/s  events \\d+\\.\\d/s  peers 3");
            assertThat(pane.get(2)).isEqualTo(" ^   ID TYPE  ADDRESS              AGE MSG IN MSG OUT B/S IN B/S OUT LAST");
            assertThat(pane.get(3)).matches(row("      5 in    198.51.100.7:8333", ">\\d+s", 1, 0, "tx"));
            assertThat(pane.get(4)).matches(row("!     7 in    127.0.0.1:50412", "\\d+s", 1, 1, "pong"));
            assertThat(pane.get(5)).matches(row("      8 full  203.0.113.45:8333", "\\d+s", 1, 0, "headers"));
            assertThat(pane.get(6)).matches(row("x     9 block pg6mmjiyjmcrsslv~", "0s", 0, 0, ""));
            assertThat(pane.get(22)).isEqualTo("peer 5  inbound  ?  198.51.100.7:8333");
            assertThat(pane.get(23)).isEqualTo("q:quit ?:help /:filter <>:sort r:reverse Enter:peer");

            keys("/");
            keys("-l", "onion");
            keys("Enter");
            pane = await(p -> p.get(23).startsWith("filter 'onion': 1 of 4"), "the filter applied");
            assertThat(pane.get(3)).startsWith("x     9 block");
            assertThat(pane.get(4)).isEmpty();
            keys("Escape");
            await(p -> p.get(23).startsWith("q:quit"), "the filter cleared");

            keys("Home"); // the selection followed peer 9 through the filter
            keys("Down"); // peer 7
            keys("Enter");
            pane = await(p -> p.get(3).startsWith("TYPE"), "the peer view");
            assertThat(pane.get(2)).startsWith("peer 7  inbound  unroutable  misbehaving: headers message size = 2001");
            assertThat(pane.subList(3, 6)).containsExactly(
                    "TYPE          MSG IN  BYTES IN  MSG OUT  BYTES OUT",
                    "ping               1         8        0          0",
                    "pong               0         0        1          8");
            assertThat(pane.get(7)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} -> pong               8  nonce 0807060504030201");
            assertThat(pane.get(8)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} <- ping               8  nonce 0807060504030201");

            keys("?");
            await(p -> p.get(2).equals("Help (any key closes)"), "the help screen");
            keys("Escape");
            await(p -> p.get(3).startsWith("TYPE"), "back in the peer view");

            keys("q");
            assertThat(exitLine()).isEqualTo("exit=0");
            // the terminal is as before: cooked mode with echo, the table gone with the alternate screen
            String stty = Files.readString(dir.resolve("stty"));
            assertThat(stty).containsPattern("(^|\\s)icanon(\\s|$)").containsPattern("(^|\\s)echo(\\s|$)");
            assertThat(String.join("\n", capture())).doesNotContain("MSG IN");
            assertThat(Files.readAllLines(dir.resolve("stderr"))).hasSize(1).first().asString()
                    .matches("nodescope: \\d+ events monitored");
        }
    }

    @Test
    void ctrlCQuitsAndRestoresTheTerminal() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            start(80, 24, "--pid", Long.toString(fx.pid()));
            await(p -> p.get(1).startsWith("LIVE"), "the monitor");
            keys("C-c");
            assertThat(exitLine()).isEqualTo("exit=0");
            assertThat(Files.readString(dir.resolve("stty"))).containsPattern("(^|\\s)icanon(\\s|$)");
        }
    }

    @Test
    void sigtermRestoresTheTerminalAndStillPrintsTheSummary() throws Exception {
        try (Fixture fx = Fixture.play(Fixture.binary())) {
            start(80, 24, "--pid", Long.toString(fx.pid()));
            await(p -> p.get(1).startsWith("LIVE"), "the monitor");
            long shell = pane.shellPid();
            ProcessHandle java = ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow();
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(java.pid())).start().waitFor()).isZero();
            assertThat(exitLine()).isEqualTo("exit=143"); // the JVM's status after SIGTERM
            assertThat(Files.readString(dir.resolve("stty"))).containsPattern("(^|\\s)icanon(\\s|$)");
            // the shutdown hook waits for the tool to finish: the summary is out before the JVM halts
            assertThat(Files.readAllLines(dir.resolve("stderr"))).hasSize(1).first().asString()
                    .matches("nodescope: \\d+ events monitored");
        }
    }

    @Test
    void unknownPidIsOneLineAndTheTerminalIsRestored() throws Exception {
        start(80, 24, "--pid", "999999999");
        assertThat(exitLine()).isEqualTo("exit=2");
        assertThat(Files.readAllLines(dir.resolve("stderr"))).containsExactly(
                "nodescope: no process with pid 999999999 is running (check the pid, e.g. with pidof bitcoind)");
        assertThat(Files.readString(dir.resolve("stty"))).containsPattern("(^|\\s)icanon(\\s|$)");
    }

    @Test
    void selectingOnlyWhatTheMonitorDoesNotShowIsOneLine() throws Exception {
        start(80, 24, "--pid", "1", "--events", "utxocache:*");
        assertThat(exitLine()).isEqualTo("exit=2");
        assertThat(Files.readAllLines(dir.resolve("stderr"))).containsExactly("nodescope: none of the selected tracepoints is used"
                + " here: select some of net:inbound_message,net:outbound_message,net:inbound_connection,net:outbound_connection,"
                + "net:evicted_inbound_connection,net:misbehaving_connection,net:closed_connection,validation:block_connected,"
                + "mempool:added,mempool:removed,mempool:replaced,mempool:rejected with --events");
        assertThat(Files.readString(dir.resolve("stty"))).containsPattern("(^|\\s)icanon(\\s|$)");
    }

    @Test
    void terminalTooSmallIsOneLine() throws Exception {
        start(50, 10, "--pid", "1");
        assertThat(exitLine()).isEqualTo("exit=2");
        assertThat(Files.readAllLines(dir.resolve("stderr"))).containsExactly(
                "nodescope: terminal too small: 50x10, monitor needs at least 60x12");
    }

    @Test
    void replayDrivesTheSameScreensWithPauseAndSpeedKeys() throws Exception {
        Path archive = dir.resolve("archive");
        try (dev.nodescope.archive.Recorder recorder = dev.nodescope.archive.Recorder.builder().directory(archive)
                .header(new dev.nodescope.archive.ArchiveHeader(dev.nodescope.archive.ArchiveFormat.VERSION, "test", 0, "h", "replayed",
                        "pid 1", List.of(), "none", false, "", "", 1)).build()) {
            long boot = 1_764_400_000_000_000_000L;
            java.util.function.LongFunction<dev.nodescope.event.EventMeta> meta = mono -> new dev.nodescope.event.EventMeta(
                    "replayed", 77, 77, "b-msghand", mono, boot + mono, mono);
            recorder.accept(new dev.nodescope.event.InboundConnection(meta.apply(1_000_000_000L), 41, "198.51.100.7:8333", "inbound",
                    dev.nodescope.event.Network.IPV4, 1));
            // a minute of pings, one every 100 ms: at 1x the replay is still going when the keys are sent
            for (int i = 1; i <= 600; i++) {
                recorder.accept(new dev.nodescope.event.InboundMessage(meta.apply(1_000_000_000L + i * 100_000_000L), 41,
                        "198.51.100.7:8333", "inbound", "ping", 8, 0, true, null));
            }
        }
        start(80, 24, "--replay", archive.toString());
        await(p -> p.get(1).startsWith("REPLAY 1x") && String.join("\n", p).contains("198.51.100.7"), "the replayed peer at 1x");
        keys("Space");
        await(p -> p.get(1).startsWith("PAUSED 1x"), "PAUSED");
        keys("+");
        await(p -> p.get(1).startsWith("PAUSED 2x"), "PAUSED 2x");
        keys("Space");
        await(p -> p.get(1).startsWith("REPLAY 2x"), "REPLAY 2x");
        keys("q");
        assertThat(exitLine()).isEqualTo("exit=0");
    }

    @Test
    void demoShowsTheStandInNodeInTheMonitor() throws Exception {
        startCommand(100, 30, "demo", "--monitor");
        List<String> pane = await(p -> p.get(0).startsWith("nodescope monitor  node demo  pid ")
                && p.stream().filter(l -> l.matches(".{0,6}\\d+ +(in|full|man|feel|blk|addr) +.*")).count() >= 3, "the demo's peers");
        assertThat(pane.get(1)).startsWith("LIVE");
        keys("q");
        assertThat(exitLine()).isEqualTo("exit=0");
    }

    /** A table row: fixed start, then age, messages in/out, two rates, last message type. */
    private static String row(String start, String age, int in, int out, String last) {
        return Pattern.quote(start) + " +" + age + " +" + in + " +" + out + " +\\d+ +\\d+" + (last.isEmpty() ? "" : " " + last);
    }

    /** Runs the monitor in a new tmux pane; its exit code, stty state and stderr land in files. */
    private void start(int width, int height, String... args) throws Exception {
        startCommand(width, height, prepend("monitor", args));
    }

    /** Runs {@code nodescope ARGS...} in a new tmux pane; its exit code, stty state and stderr land in files. */
    private void startCommand(int width, int height, String... args) throws Exception {
        String script = TmuxPane.quote(Cli.command(args)) + " 2>" + TmuxPane.quote(dir.resolve("stderr").toString())
                + "; echo exit=$? >" + TmuxPane.quote(dir.resolve("exit.tmp").toString()) + "; stty -a >"
                + TmuxPane.quote(dir.resolve("stty").toString()) + "; mv " + TmuxPane.quote(dir.resolve("exit.tmp").toString()) + " "
                + TmuxPane.quote(dir.resolve("exit").toString()) + "; sleep 60";
        pane = TmuxPane.shell(width, height, script);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private void keys(String... keys) throws Exception {
        pane.keys(keys);
    }

    private List<String> capture() throws Exception {
        return pane.capture();
    }

    /** A whole frame of the full 24 rows that meets the condition (see {@link TmuxPane#await}), with stderr if none. */
    private List<String> await(Predicate<List<String>> condition, String what) throws Exception {
        try {
            return pane.await(p -> p.size() >= 24 && condition.test(p), what, 30);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nstderr: "
                    + (Files.exists(dir.resolve("stderr")) ? Files.readString(dir.resolve("stderr")) : ""), e);
        }
    }

    private String exitLine() throws Exception {
        Path exit = dir.resolve("exit");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(exit) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!Files.exists(exit)) {
            throw new AssertionError("the monitor did not exit within 30 s; pane:\n" + String.join("\n", capture()));
        }
        return Files.readString(exit).strip();
    }
}

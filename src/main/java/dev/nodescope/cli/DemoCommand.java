package dev.nodescope.cli;

import dev.nodescope.demo.StandInNode;
import dev.nodescope.demo.attack.AttackScenario;
import dev.nodescope.demo.attack.AttackScenarios;
import dev.nodescope.error.UserException;
import dev.nodescope.watch.Detectors;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.util.List;
import dev.nodescope.node.NodeState;
import dev.nodescope.tool.ListenAddress;
import dev.nodescope.web.AccessToken;
import dev.nodescope.web.Dashboard;
import dev.nodescope.web.WebTool;
import java.time.Duration;
import java.util.function.UnaryOperator;
import dev.nodescope.extract.LiveSource;
import dev.nodescope.monitor.MonitorTool;
import dev.nodescope.tool.ToolRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nodescope demo}: where no bitcoind runs, the tracepoint fixture shipped in the jar plays a
 * busy node (demo/StandInNode) and nodescope traces it for real, with log's output or the monitor.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Trace a built-in stand-in for bitcoind that plays a busy node, or an attack with watch's alerts (no bitcoind needed).")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    LogCommand.LogOptions options;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the scenario (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--monitor", description = "Show the stand-in node in the full-screen monitor instead of the log.")
    boolean monitor;

    @Option(names = "--attack", paramLabel = "NAME",
            description = "Have the stand-in play an attack (about 20 s) and show watch's alerts among the log lines; 'list' lists them.")
    String attack;

    @Option(names = "--web", description = "Show the stand-in node in the web dashboard instead of the log (with --attack: the attack and its alerts).")
    boolean web;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9436", paramLabel = "HOST:PORT",
            description = "With --web: where to serve (default: ${DEFAULT-VALUE}).")
    String listen;

    @Override
    public Integer call() throws Exception {
        if (web) {
            return web();
        }
        if (attack != null) {
            return attack();
        }
        if (!monitor) {
            options.validate();
        }
        try (StandInNode node = StandInNode.start(seed)) {
            LiveSource.Builder source = LiveSource.builder().pid(node.pid()).node("demo");
            if (monitor) {
                LiveSource live = source.payloadMax(MonitorTool.PAYLOAD_MAX).build();
                return ToolRunner.run(live, MonitorTool.open(live, System.err, true), null);
            }
            String banner = "nodescope demo: no bitcoind needed. A stand-in node (pid " + node.pid() + ", nodescope's tracepoint"
                    + " fixture with Bitcoin Core's 20 tracepoints) plays a busy node; nodescope traces it with real eBPF."
                    + "\nPress Ctrl-C to stop. On a real node: nodescope log --pid $(pidof bitcoind)";
            return options.run(source.payloadMax(options.payloadMax()).build(), banner);
        }
    }

    /**
     * {@code demo --web}: the dashboard over the stand-in node, with the watchdog (default rules, or
     * the attack's) so the alerts page has something to show when an attack plays.
     */
    private int web() throws Exception {
        if (monitor) {
            throw new UserException("--web and --monitor are two views of the demo: choose one");
        }
        AttackScenario scenario = attack == null ? null : scenario();
        ListenAddress address = WebCommand.listenAddress(listen);
        WatchEngine engine = engine(scenario);
        try (StandInNode node = scenario == null ? StandInNode.start(seed) : StandInNode.start(scenario::play)) {
            LiveSource.Builder builder = LiveSource.builder().pid(node.pid()).node("demo").payloadMax(WebTool.PAYLOAD_MAX);
            LiveSource live = (scenario == null ? builder : builder.ringBytes(AttackScenarios.RING_BYTES)).build();
            System.err.println("nodescope demo --web: no bitcoind needed. A stand-in node (pid " + node.pid() + ") plays "
                    + (scenario == null ? "a busy node" : "an attack: " + scenario.description())
                    + "; nodescope traces it with real eBPF and serves the dashboard. Press Ctrl-C to stop."
                    + "\nOn a real node: nodescope web --pid $(pidof bitcoind)");
            Dashboard dashboard = Dashboard.builder(live, new NodeState(), UnaryOperator.identity()).watch(engine).build();
            WebTool.Settings settings = new WebTool.Settings(address.host(), address.port(), AccessToken.random(), null, null,
                    Duration.ofSeconds(1), true, true);
            return ToolRunner.run(live, dashboard.tool(dashboard.webTool(settings, System.err)), options.duration);
        }
    }

    /** The attack {@code --attack} names; one line listing the attacks when there is none by that name. */
    private AttackScenario scenario() {
        AttackScenario scenario = AttackScenarios.byName(attack);
        if (scenario == null) {
            throw new UserException("--attack " + attack + ": no such attack (attacks: "
                    + String.join(", ", AttackScenarios.all().stream().map(AttackScenario::name).toList()) + ")");
        }
        return scenario;
    }

    /** The watchdog under the attack's rules, or under the defaults when no attack plays (live: it ticks when quiet). */
    private static WatchEngine engine(AttackScenario scenario) {
        return new WatchEngine(scenario == null ? Rules.defaults() : Rules.parse(scenario.rules(), "the rules of --attack " + scenario.name()),
                Silences.parse(List.of(), Detectors.names()), true);
    }

    /** {@code demo --attack NAME}: the attack's events with the alerts of watch under the attack's rules among them. */
    private int attack() throws Exception {
        if (attack.equals("list")) {
            for (AttackScenario s : AttackScenarios.all()) {
                System.out.println(s.name() + "  " + s.description());
            }
            return 0;
        }
        AttackScenario scenario = scenario();
        if (monitor) {
            throw new UserException("--attack shows watch's alerts among the log lines: leave out --monitor");
        }
        options.validate();
        WatchEngine engine = engine(scenario);
        try (StandInNode node = StandInNode.start(scenario::play)) {
            LiveSource live = LiveSource.builder().pid(node.pid()).node("demo").ringBytes(AttackScenarios.RING_BYTES)
                    .payloadMax(Math.max(options.payloadMax(), WatchOptions.PAYLOAD_MAX)).build();
            String rules = scenario.rules().isBlank() ? "the defaults" : "these rules (as watch --rules FILE takes them):\n"
                    + scenario.rules().stripTrailing();
            String banner = "nodescope demo --attack " + scenario.name() + ": no bitcoind needed. A stand-in node (pid " + node.pid()
                    + ") plays an attack: " + scenario.description() + ". nodescope traces it with real eBPF; the alerts of "
                    + scenario.detector() + " show among the events as nodescope:alert, under " + rules
                    + "\nIt ends by itself in about 20 s (Ctrl-C stops it). On a real node: nodescope watch --pid $(pidof bitcoind)";
            return options.run(live, banner, engine);
        }
    }
}

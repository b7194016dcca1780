package dev.nodescope.realnode;

import dev.nodescope.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A nodescope command in a tmux pane of a tmux server of its own: keys in, screen text out. */
final class TmuxPane implements AutoCloseable {
    private final String socket = "nodescope-realnode-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** Runs {@code nodescope ARGS} in a {@code width}x{@code height} pane; its exit code goes to {@code exitFile}. */
    static TmuxPane start(int width, int height, Path exitFile, String... args) throws Exception {
        TmuxPane pane = new TmuxPane();
        String command = Cli.command(args).stream().map(TmuxPane::quote).collect(Collectors.joining(" "));
        pane.tmux("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), "sh", "-c",
                command + " 2>/dev/null; echo $? >" + quote(exitFile.toString()) + "; sleep 60");
        return pane;
    }

    List<String> capture() throws Exception {
        return List.of(tmux("capture-pane", "-p").split("\n", -1));
    }

    List<String> await(Predicate<List<String>> condition, String what, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> pane = capture();
        while (!condition.test(pane)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the screen did not show " + what + " within " + timeoutSeconds + " s:\n"
                        + String.join("\n", pane));
            }
            Thread.sleep(200);
            pane = capture();
        }
        return pane;
    }

    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws Exception {
        tmux("kill-server");
    }
}

package dev.nodescope;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A command in a tmux pane of a tmux server of its own (so a test never touches anyone's sessions): keys in, screen
 * text out, as an operator over SSH sees it.
 */
public final class TmuxPane implements AutoCloseable {
    private final String socket = "nodescope-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    private TmuxPane() {
    }

    /** Runs the shell script {@code script} in a {@code width}x{@code height} pane. */
    public static TmuxPane shell(int width, int height, String script) throws Exception {
        TmuxPane pane = new TmuxPane();
        pane.tmux("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), "sh", "-c", script);
        return pane;
    }

    /** Runs {@code nodescope ARGS} in a {@code width}x{@code height} pane; its exit code goes to {@code exitFile}. */
    public static TmuxPane start(int width, int height, Path exitFile, String... args) throws Exception {
        return shell(width, height, quote(Cli.command(args)) + " 2>/dev/null; echo $? >" + quote(exitFile.toString()) + "; sleep 60");
    }

    public List<String> capture() throws Exception {
        return List.of(tmux("capture-pane", "-p").split("\n", -1));
    }

    /**
     * The first whole frame that meets the condition. tmux may capture the pane while the program is still writing a
     * frame (CI once saw a table row cut after 22 characters), so a pane counts only once a second capture 60 ms
     * later, well inside the monitor's 250 ms between frames, shows the same text.
     */
    public List<String> await(Predicate<List<String>> condition, String what, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<String> pane = List.of();
        while (System.nanoTime() < deadline) {
            pane = capture();
            if (condition.test(pane)) {
                Thread.sleep(60);
                if (capture().equals(pane)) {
                    return pane;
                }
                continue;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the screen did not show " + what + " within " + timeoutSeconds + " s:\n" + String.join("\n", pane));
    }

    public void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The pid of the shell running in the pane. */
    public long shellPid() throws Exception {
        return Long.parseLong(tmux("list-panes", "-F", "#{pane_pid}").strip());
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** The words as one shell command line, each single-quoted. */
    public static String quote(List<String> words) {
        return words.stream().map(TmuxPane::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() throws Exception {
        tmux("kill-server");
    }
}

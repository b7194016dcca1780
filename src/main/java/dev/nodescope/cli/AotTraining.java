package dev.nodescope.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The build's training run for the JDK's AOT cache (scripts/aot-train.sh): runs several nodescope
 * command lines, separated by a {@code ;} argument, in this one JVM, so that the cache holds the
 * classes and method profiles of each. A command that fails here (no BPF, not root) is reported
 * and the next one runs: the cache then lacks only what that command alone would have loaded.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        List<String> command = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(";")) {
                run(command);
                command.clear();
            } else {
                command.add(arg);
            }
        }
        run(command);
        System.exit(0);
    }

    private static void run(List<String> command) {
        if (command.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = "exit " + Main.execute(command.toArray(String[]::new));
        } catch (RuntimeException | Error e) {
            outcome = e.toString();
        }
        System.out.flush();
        System.err.printf("aot training: nodescope %s: %s, %d ms%n", String.join(" ", command), outcome,
                (System.nanoTime() - start) / 1_000_000);
    }
}

package dev.nodescope.watch.sink;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The lines a running process writes to one of its streams, read as they come (so a test can wait for one). */
final class ProcessLines {
    private final List<String> lines = new ArrayList<>();

    ProcessLines(InputStream in) {
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** The first line starting with {@code prefix}, waiting up to 30 s for it. */
    synchronized String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            wait(100);
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + lines);
    }

    synchronized List<String> all() {
        return List.copyOf(lines);
    }
}

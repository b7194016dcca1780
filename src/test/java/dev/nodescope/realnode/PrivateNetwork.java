package dev.nodescope.realnode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own with only a loopback interface: every bitcoind, bitcoin-cli and
 * scripted peer of the real-node suite runs in one, so nothing a node is told about can ever be
 * dialled. A holder process ({@code unshare --net}) keeps the namespace alive; others join it with
 * {@code nsenter --net=/proc/HOLDER/ns/net}. nodescope itself stays outside: BPF sees every namespace.
 */
final class PrivateNetwork implements AutoCloseable {
    private final Process holder;

    private PrivateNetwork(Process holder) {
        this.holder = holder;
    }

    static PrivateNetwork create() throws IOException, InterruptedException {
        Process holder = new ProcessBuilder("unshare", "--net", "--", "sh", "-c",
                "ip link set lo up && ip -o addr show | grep -v ' lo ' | wc -l && exec sleep 86400")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        String otherInterfaces = out.readLine();
        if (!"0".equals(otherInterfaces == null ? null : otherInterfaces.trim())) {
            holder.destroyForcibly();
            throw new IllegalStateException("could not make a private network namespace (unshare --net): " + otherInterfaces);
        }
        return new PrivateNetwork(holder);
    }

    /** The command line that runs {@code command} inside this namespace (nsenter execs it: same pid). */
    List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=/proc/" + holder.pid() + "/ns/net", "--"));
        full.addAll(command);
        return full;
    }

    @Override
    public void close() throws InterruptedException {
        holder.destroy();
        holder.waitFor(5, TimeUnit.SECONDS);
    }
}

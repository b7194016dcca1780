package dev.nodescope.cli;

import dev.nodescope.error.UserException;
import dev.nodescope.extract.NoSuchProcessException;
import dev.nodescope.extract.ProcessInfo;
import dev.nodescope.extract.StapsdtNotes;
import dev.nodescope.extract.TargetException;
import dev.nodescope.extract.TracepointListing;
import dev.nodescope.extract.UsdtProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nodescope tracepoints}: which of Bitcoin Core's tracepoints a binary has, read from its ELF notes. */
@Command(name = "tracepoints", mixinStandardHelpOptions = true,
        description = "List the USDT tracepoints of a bitcoind binary (or of a running process) and which are missing.")
final class TracepointsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "BINARY", description = "bitcoind or bitcoin-node executable.")
    Path binary;

    @Option(names = "--pid", paramLabel = "N", description = "Read the executable of this running process.")
    Long pid;

    @Override
    public Integer call() throws Exception {
        Path elf;
        String what;
        if (pid != null && binary != null) {
            throw new UserException("give either BINARY or --pid, not both");
        } else if (pid != null) {
            try {
                what = ProcessInfo.executableOf(pid) + " (pid " + pid + ")";
            } catch (NoSuchProcessException e) {
                throw new TargetException(e.getMessage());
            }
            elf = Path.of("/proc", pid.toString(), "exe");
        } else if (binary != null) {
            if (!Files.isRegularFile(binary)) {
                throw TargetException.notABinary(binary);
            }
            elf = binary;
            what = binary.toString();
        } else {
            throw new UserException("give a BINARY or --pid N (see nodescope tracepoints --help)");
        }
        List<UsdtProbe> probes = StapsdtNotes.readForUser(elf, what);
        int present = TracepointListing.print(what, probes, System.out);
        if (present == 0) {
            System.err.println("nodescope: " + what + " has no Bitcoin Core tracepoints: it was built without"
                    + " -DWITH_USDT=ON (Linux release binaries have them)");
            return Main.EXIT_FAILURE;
        }
        return 0;
    }
}

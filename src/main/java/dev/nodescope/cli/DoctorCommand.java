package dev.nodescope.cli;

import dev.nodescope.doctor.Doctor;
import dev.nodescope.error.ExitCode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nodescope doctor}: can this machine trace bitcoind, and if not, what to do about it (doctor/Doctor). */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check that this machine can trace bitcoind: kernel BPF, uprobe semaphores, BTF, privileges, libbpf, target.")
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--pid", paramLabel = "N", description = "Also check this bitcoind process.")
    Long pid;

    @Option(names = "--binary", paramLabel = "PATH", description = "Also check this bitcoind binary.")
    Path binary;

    @Override
    public Integer call() {
        return new Doctor(pid, binary, System.out).run() == 0 ? ExitCode.OK : ExitCode.FAILED;
    }
}

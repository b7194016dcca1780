package dev.nodescope;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodescope.bpf.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Guards tests that need real BPF (root, or CAP_BPF+CAP_PERFMON and, on kernels since July 2025, CAP_SYS_ADMIN for uprobes). Where that is missing
 * they are skipped with the reason, except under CI=true, where a missing capability is a failure:
 * CI must run them.
 */
public final class BpfAvailable implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = Privileges.problem().orElse(null);
        if (problem == null && !Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/type"))) {
            problem = "the kernel has no uprobe events";
        }
        if (problem == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("BPF tests cannot run under CI=true: " + problem);
        }
        assumeTrue(false, "BPF tests skipped: " + problem);
    }
}

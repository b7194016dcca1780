package dev.nodescope.fleet;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An existing unprivileged account ({@code nobody}) standing in for a service's {@code User=},
 * and the setpriv(1) command line that starts a program as that user with only the capabilities a
 * systemd unit grants: what {@code User=}, {@code Group=}, {@code AmbientCapabilities=},
 * {@code CapabilityBoundingSet=} and {@code NoNewPrivileges=} do, without systemd.
 */
record UnprivilegedUser(String name, int uid, int gid, String home) {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** The account from /etc/passwd; the test must run as root to switch to it (skipped otherwise, failed under CI=true). */
    static UnprivilegedUser nobody() throws IOException {
        String problem = null;
        if (!Files.isExecutable(SETPRIV)) {
            problem = SETPRIV + " is missing (util-linux)";
        } else if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
            problem = "the test must run as root to start a process as another user";
        }
        if (problem != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the deployment test cannot run under CI=true: " + problem);
            }
            assumeTrue(false, "deployment test skipped: " + problem);
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length >= 6 && f[0].equals("nobody")) {
                return new UnprivilegedUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]);
            }
        }
        throw new AssertionError("no user 'nobody' in /etc/passwd");
    }

    /**
     * The command that runs {@code command} as this user with {@code capabilities} (systemd names,
     * e.g. {@code CAP_BPF}) ambient, inheritable and the only ones in its bounding set, and no new privileges.
     */
    List<String> run(List<String> capabilities, boolean noNewPrivileges, List<String> command) {
        String caps = String.join(",", capabilities.stream().map(c -> "+" + c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", "")).toList());
        List<String> line = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--init-groups",
                "--inh-caps=-all," + caps, "--ambient-caps=-all," + caps, "--bounding-set=-all," + caps));
        if (noNewPrivileges) {
            line.add("--no-new-privs");
        }
        line.addAll(command);
        return line;
    }

    /** The environment systemd gives a service with {@code User=}: a PATH and the user's own variables, nothing of ours. */
    void serviceEnvironment(Map<String, String> environment) {
        environment.clear();
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("HOME", home);
        environment.put("USER", name);
        environment.put("LOGNAME", name);
    }

    /** Writes {@code content} to {@code file}, owned by this user and readable by it only. */
    void ownOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        UserPrincipal owner = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        Files.setOwner(file, owner);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    }
}

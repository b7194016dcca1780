package dev.nodescope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import dev.nodescope.hex.Hex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metadata of a run: which build of bitcoind with which options on which machine. Two runs
 * are only comparable when these say so, so they travel inside the dataset. Read from /proc (the
 * node's command line and environment) and the node's bitcoin.conf when it is readable; values
 * that look like secrets (RPC passwords) are never written.
 */
public final class RunFacts {
    public static final String LABEL = "label";
    public static final String NODESCOPE_VERSION = "nodescope_version";
    public static final String BINARY = "binary";
    public static final String BINARY_SHA256 = "binary_sha256";
    public static final String VERSION = "bitcoind_version";
    public static final String PID = "pid";
    public static final String COMMAND_LINE = "command_line";
    public static final String OPTIONS = "options";
    public static final String CONF = "conf";
    public static final String CPU = "cpu";
    public static final String CPUS = "cpus";
    public static final String MEMORY = "memory";
    public static final String KERNEL = "kernel";
    public static final String HOST = "host";
    public static final String START = "start";
    public static final String END = "end";
    public static final String DURATION_UNIT = "duration_unit";
    public static final String BLOCKS = "blocks";
    public static final String FLUSHES = "flushes";
    public static final String EVENTS_LOST = "events_lost";

    /** Options that change how fast blocks connect; the rest of the configuration is not recorded. */
    static final Set<String> RELEVANT = Set.of("dbcache", "par", "assumevalid", "prune", "reindex", "reindex-chainstate",
            "txindex", "blockfilterindex", "coinstatsindex", "chain", "testnet", "testnet4", "signet", "regtest", "stopatheight",
            "loadblock", "blocksonly", "checkblocks", "checklevel", "maxmempool", "persistmempool", "dbbatchsize", "datadir",
            "blocksdir", "connect", "listen", "maxconnections", "debug", "checkpoints", "assumeutxo", "loadtxoutset");

    private RunFacts() {
    }

    /** Facts about this machine and nodescope, known before anything is attached. */
    public static Map<String, String> machine(String label, String nodescopeVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        if (label != null) {
            m.put(LABEL, label);
        }
        m.put(NODESCOPE_VERSION, nodescopeVersion);
        m.put(CPU, firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        m.put(CPUS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put(MEMORY, firstValue(Path.of("/proc/meminfo"), "MemTotal").orElse("unknown"));
        m.put(KERNEL, read(Path.of("/proc/sys/kernel/osrelease")).strip());
        m.put(HOST, read(Path.of("/proc/sys/kernel/hostname")).strip());
        return m;
    }

    /**
     * Facts about the traced process: binary (and its SHA-256, which tells two builds apart),
     * version as far as its tracepoints tell, command line and the relevant options.
     *
     * @param missing tracepoints the binary lacks (from nodescope:attached)
     */
    /**
     * The facts of a run replayed from archives: the machine that replays is not the one that
     * ran the node, so its CPU, memory, kernel and host are not reported as the run's.
     */
    public static Map<String, String> replayed(Map<String, String> machine, String archives) {
        Map<String, String> m = new LinkedHashMap<>(machine);
        for (String key : List.of(CPU, CPUS, MEMORY, KERNEL, HOST)) {
            m.put(key, "unknown (replayed from an archive)");
        }
        m.put("source", "replay of " + archives);
        return m;
    }

    /** @param version the node's release (Attached.bitcoindVersion) */
    public static Map<String, String> node(long pid, String binary, String version) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BINARY, binary);
        m.put(BINARY_SHA256, sha256(Path.of("/proc/" + pid + "/exe")));
        m.put(VERSION, version);
        m.put(PID, Long.toString(pid));
        List<String> args = commandLine(pid);
        m.put(COMMAND_LINE, args.isEmpty() ? "unknown" : redact(String.join(" ", args)));
        Map<String, String> options = new TreeMap<>();
        Path conf = confFile(pid, args);
        String confState;
        if (conf == null) {
            confState = "none";
        } else if (Files.isReadable(conf)) {
            confState = conf.toString();
            options.putAll(confOptions(conf, chain(args)));
        } else {
            confState = conf + " (not readable)";
        }
        options.putAll(argOptions(args)); // the command line wins over bitcoin.conf, as in bitcoind
        StringBuilder o = new StringBuilder();
        options.forEach((k, v) -> o.append(o.isEmpty() ? "" : " ").append(k).append('=').append(v));
        m.put(OPTIONS, o.isEmpty() ? "(defaults)" : o.toString());
        m.put(CONF, confState);
        return m;
    }

    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {@code -name=value} and {@code --name} options among the arguments, relevant ones only. */
    static Map<String, String> argOptions(List<String> args) {
        Map<String, String> options = new TreeMap<>();
        for (String a : args.subList(Math.min(1, args.size()), args.size())) {
            if (!a.startsWith("-")) {
                continue;
            }
            String s = a.replaceFirst("^--?", "");
            int eq = s.indexOf('=');
            String name = eq < 0 ? s : s.substring(0, eq);
            String value = eq < 0 ? "1" : s.substring(eq + 1);
            if (name.startsWith("no") && RELEVANT.contains(name.substring(2))) {
                name = name.substring(2);
                value = "0";
            }
            if (RELEVANT.contains(name)) {
                options.put(name, value);
            }
        }
        return options;
    }

    /** The relevant options of a bitcoin.conf: top-level lines and the section of the node's chain. */
    static Map<String, String> confOptions(Path conf, String chain) {
        Map<String, String> options = new TreeMap<>();
        String section = "";
        for (String line : read(conf).split("\n")) {
            String s = line.strip();
            if (s.startsWith("[") && s.endsWith("]")) {
                section = s.substring(1, s.length() - 1).strip();
                continue;
            }
            int eq = s.indexOf('=');
            if (s.isEmpty() || s.startsWith("#") || eq < 0 || !(section.isEmpty() || section.equals(chain))) {
                continue;
            }
            String name = s.substring(0, eq).strip();
            if (name.contains(".")) { // chain.option: the section in one line
                if (!name.startsWith(chain + ".")) {
                    continue;
                }
                name = name.substring(chain.length() + 1);
            }
            String value = s.substring(eq + 1).replaceFirst("\\s+#.*$", "").strip();
            if (RELEVANT.contains(name)) {
                options.put(name, value);
            }
        }
        return options;
    }

    /** bitcoind's chain name (the bitcoin.conf section it reads). */
    static String chain(List<String> args) {
        Map<String, String> o = argOptions(args);
        for (String c : List.of("regtest", "signet", "testnet4")) {
            if ("1".equals(o.get(c))) {
                return c;
            }
        }
        if ("1".equals(o.get("testnet"))) {
            return "test";
        }
        return o.getOrDefault("chain", "main");
    }

    /** Where the node reads its bitcoin.conf: -conf (relative to the datadir), else DATADIR/bitcoin.conf. */
    static Path confFile(long pid, List<String> args) {
        Map<String, String> all = new TreeMap<>();
        for (String a : args) {
            if (a.startsWith("-")) {
                String s = a.replaceFirst("^--?", "");
                int eq = s.indexOf('=');
                if (eq > 0) {
                    all.put(s.substring(0, eq), s.substring(eq + 1));
                }
            }
        }
        Path cwd = Path.of("/");
        try {
            cwd = Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd"));
        } catch (IOException | UnsupportedOperationException e) {
            // relative paths then resolve against / (unknown working directory)
        }
        Path datadir;
        if (all.containsKey("datadir")) {
            datadir = cwd.resolve(all.get("datadir"));
        } else {
            String home = environment(pid).get("HOME");
            if (home == null) {
                return null;
            }
            datadir = Path.of(home, ".bitcoin");
        }
        return all.containsKey("conf") ? datadir.resolve(all.get("conf")) : datadir.resolve("bitcoin.conf");
    }

    private static Map<String, String> environment(long pid) {
        Map<String, String> env = new TreeMap<>();
        try {
            for (String kv : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).split("\0")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            // not ours to read: no HOME, so no default bitcoin.conf
        }
        return env;
    }

    /** Hides the values of options that carry credentials. */
    static String redact(String commandLine) {
        return commandLine.replaceAll("(-(?:rpcpassword|rpcauth|rpcuser|rpccookiefile|walletpassphrase)[^=\\s]*=)\\S+", "$1***");
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                d.update(buffer, 0, n);
            }
            return Hex.encode(d.digest());
        } catch (IOException e) {
            return "unknown";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        for (String line : read(file).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(line.substring(colon + 1).strip());
            }
        }
        return java.util.Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}

package dev.nodescope.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment example of docs/fleet.md as the test reads it: the nats-server config, the
 * systemd unit of {@code publish} and the central tools' command lines, taken from the page's
 * code blocks (each found by its first line), so the page cannot drift from what the test runs.
 */
final class DeploymentDoc {
    static final Path PAGE = Path.of("docs/fleet.md");
    private static final String CONFIG_FIRST_LINE = "# /etc/nats/nats-a.conf";
    private static final String UNIT_FIRST_LINE = "# /etc/systemd/system/nodescope-publish.service";
    private static final String CENTRAL_HEADING = "### The central tools";

    final String natsConfig;
    final String unit;
    /** Each central tool's line, split into words, {@code nodescope} first. */
    final List<List<String>> centralTools;

    private DeploymentDoc(String natsConfig, String unit, List<List<String>> centralTools) {
        this.natsConfig = natsConfig;
        this.unit = unit;
        this.centralTools = centralTools;
    }

    static DeploymentDoc read() throws IOException {
        List<List<String>> blocks = new ArrayList<>();
        List<String> headings = new ArrayList<>(); // the last heading above each block
        String heading = "";
        List<String> block = null;
        for (String line : Files.readAllLines(PAGE)) {
            if (block == null && line.startsWith("#")) {
                heading = line.strip();
            }
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new ArrayList<>();
                } else {
                    blocks.add(block);
                    headings.add(heading);
                    block = null;
                }
            } else if (block != null) {
                block.add(line);
            }
        }
        String config = null;
        String unit = null;
        List<List<String>> central = null;
        for (int i = 0; i < blocks.size(); i++) {
            List<String> b = blocks.get(i);
            if (!b.isEmpty() && b.getFirst().strip().equals(CONFIG_FIRST_LINE)) {
                config = String.join("\n", b) + "\n";
            } else if (!b.isEmpty() && b.getFirst().strip().equals(UNIT_FIRST_LINE)) {
                unit = String.join("\n", b) + "\n";
            } else if (headings.get(i).equals(CENTRAL_HEADING)) {
                central = b.stream().filter(l -> !l.isBlank()).map(l -> List.of(l.strip().split("\\s+"))).toList();
            }
        }
        if (config == null || unit == null || central == null) {
            throw new AssertionError(PAGE + " lost part of its deployment example: the block starting '" + CONFIG_FIRST_LINE
                    + "', the one starting '" + UNIT_FIRST_LINE + "' and the one under '" + CENTRAL_HEADING + "' are all needed");
        }
        return new DeploymentDoc(config, unit, central);
    }

    /** The {@code [Service]} (and other) settings of the unit: continuation lines joined, the last of a repeated key kept. */
    Map<String, String> unitSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        String joined = unit.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("[") || eq < 0) {
                continue;
            }
            settings.put(l.substring(0, eq), l.substring(eq + 1).strip());
        }
        return settings;
    }

    /** The unit's {@code ExecStart}, split into words. */
    List<String> execStart() {
        return List.of(unitSettings().get("ExecStart").split("\\s+"));
    }

    /** The central tool whose subcommand is {@code tool} ({@code metrics}, {@code watch}, {@code web}). */
    List<String> centralTool(String tool) {
        return centralTools.stream().filter(l -> l.size() > 1 && l.get(1).equals(tool)).findFirst()
                .orElseThrow(() -> new AssertionError(PAGE + ": no 'nodescope " + tool + "' under '" + CENTRAL_HEADING + "'"));
    }
}

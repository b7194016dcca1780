package dev.nodescope.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * What every command's help shares: {@code -V} answers on subcommands too, and the synopsis
 * wraps between options only. picocli wraps it anywhere a line runs out, so that
 * {@code --out=RUN.csv|RUN.jsonl} or {@code [--events=GLOB[,GLOB...]]...} came out split over
 * two lines, which nobody can copy.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Applies to {@code cl} and every command below it. */
    static void apply(CommandLine cl) {
        if (cl.getCommandSpec().versionProvider() == null) {
            cl.getCommandSpec().versionProvider(new Version());
        }
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, HelpLayout::synopsis);
        cl.getSubcommands().values().forEach(HelpLayout::apply);
    }

    private static String synopsis(CommandLine.Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        String heading = help.synopsisHeading();
        String unwrapped;
        usage.width(4096); // laid out on one line by picocli, wrapped below between whole tokens
        try {
            unwrapped = help.synopsis(heading.length()).strip();
        } finally {
            usage.width(width);
        }
        // the heading ("Usage: ") is its own section, printed just before this one
        String indent = " ".repeat(heading.length() + help.commandSpec().qualifiedName().length() + 1);
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        int lineStart = heading.length();
        for (String token : tokens(unwrapped)) {
            if (!line.isEmpty() && lineStart + line.length() + 1 + token.length() > width) {
                out.append(line).append(System.lineSeparator());
                line = new StringBuilder(indent);
                lineStart = 0;
            } else if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(token);
        }
        return out.append(line).append(System.lineSeparator()).toString();
    }

    /** Splits at blanks outside brackets: {@code [--format=text | json]} stays one token. */
    static List<String> tokens(String synopsis) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        int depth = 0;
        for (char c : synopsis.toCharArray()) {
            if (c == '[' || c == '(') {
                depth++;
            } else if ((c == ']' || c == ')') && depth > 0) {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (!token.isEmpty()) {
                    tokens.add(token.toString());
                    token.setLength(0);
                }
            } else {
                token.append(c);
            }
        }
        if (!token.isEmpty()) {
            tokens.add(token.toString());
        }
        return tokens;
    }
}

package dev.nodescope.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command-line mistake in nodescope's words: what is wrong and what to do, on one line.
 * picocli's own messages ("Unmatched argument at index 0", "'abc' is not a long",
 * "(case-sensitive)") speak of its parser, not of the user's command.
 */
final class UsageErrors {
    private UsageErrors() {
    }

    /** The line to print after "nodescope: ". */
    static String describe(CommandLine.ParameterException ex) {
        CommandLine cl = ex.getCommandLine();
        String help = " (see " + cl.getCommandSpec().qualifiedName() + " --help)";
        return switch (ex) {
            case CommandLine.UnmatchedArgumentException u -> unmatched(cl, u) + help;
            case CommandLine.MissingParameterException m -> missing(m.getMissing()) + help;
            default -> ex.getArgSpec() != null && ex.getValue() != null ? badValue(ex) + help : plain(ex.getMessage()) + help;
        };
    }

    private static String unmatched(CommandLine cl, CommandLine.UnmatchedArgumentException u) {
        List<String> args = u.getUnmatched();
        String first = args.isEmpty() ? "" : args.getFirst();
        if (first.startsWith("-") && first.length() > 1) {
            String typed = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> names = cl.getCommandSpec().options().stream().filter(o -> !o.hidden())
                    .flatMap(o -> java.util.Arrays.stream(o.names())).toList();
            return "unknown option '" + typed + "'" + didYouMean(typed, names);
        }
        if (!cl.getSubcommands().isEmpty()) {
            List<String> commands = visibleSubcommands(cl);
            String suggestion = didYouMean(first, commands);
            return "unknown command '" + first + "'" + (suggestion.isEmpty() ? ": the commands are " + String.join(", ", commands)
                    : suggestion);
        }
        return "unexpected argument" + (args.size() > 1 ? "s " : " ") + args.stream().map(a -> "'" + a + "'")
                .collect(Collectors.joining(" "));
    }

    /** ": did you mean X?" for a name within two typing mistakes of what was typed, else "". */
    private static String didYouMean(String typed, List<String> names) {
        String best = null;
        int bestDistance = 3;
        for (String name : names) {
            int d = editDistance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        return best == null ? "" : ": did you mean " + best + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<String> visibleSubcommands(CommandLine cl) {
        return cl.getSubcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey).filter(name -> !name.equals("help")).toList();
    }

    private static String missing(List<ArgSpec> missing) {
        return "missing " + missing.stream().map(UsageErrors::synopsis).collect(Collectors.joining(" and "));
    }

    private static String synopsis(ArgSpec arg) {
        return switch (arg) {
            case OptionSpec o -> o.longestName() + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
            case PositionalParamSpec p -> p.paramLabel();
            default -> arg.toString();
        };
    }

    /** A value the option's type rejects: the converter's reason, or the accepted values. */
    private static String badValue(CommandLine.ParameterException ex) {
        ArgSpec arg = ex.getArgSpec();
        String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
        String value = "'" + ex.getValue() + "'";
        Throwable cause = ex.getCause();
        boolean ourConverter = arg.converters() != null && arg.converters().length > 0;
        if (ourConverter && cause instanceof CommandLine.TypeConversionException t && t.getMessage() != null) {
            return name + ": " + t.getMessage(); // our converters' own wording: "'x' is not a duration like 30s"
        }
        Class<?> type = arg.type();
        if (type.isEnum()) {
            String accepted = java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
            return name + ": " + value + " is not one of " + accepted;
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return name + ": " + value + " is not a whole number";
        }
        if (type == double.class || type == Double.class) {
            return name + ": " + value + " is not a number";
        }
        return plain(ex.getMessage());
    }

    /** picocli's sentence with its capital and trailing full stop taken off, to read as one clause. */
    private static String plain(String message) {
        if (message == null || message.isEmpty()) {
            return "bad command line";
        }
        String m = message.strip();
        m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
        return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }
}

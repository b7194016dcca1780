package dev.nodescope.cli;

import picocli.CommandLine;

/**
 * For commands that need exactly their own tracepoints ({@code bench record}'s dataset,
 * {@code traffic}'s tallies): the shared {@code --events} option is not offered.
 */
final class WithoutEvents implements CommandLine.IModelTransformer {
    @Override
    public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
        return spec.remove(spec.findOption("--events"));
    }
}

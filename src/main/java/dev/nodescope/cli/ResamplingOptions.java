package dev.nodescope.cli;

import picocli.CommandLine.Option;

/** The bootstrap's options of every comparison ({@code bench compare}, {@code traffic compare}): one spelling, one default. */
final class ResamplingOptions {
    @Option(names = "--resamples", defaultValue = "2000", paramLabel = "N", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "C", description = "Confidence of the intervals (default: ${DEFAULT-VALUE}).")
    double confidence;
}

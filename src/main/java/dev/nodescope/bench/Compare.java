package dev.nodescope.bench;

import dev.nodescope.error.UserException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code bench compare}: runs read, compared block by block against the first (the baseline),
 * the text report on {@code out}, warnings on {@code err}, and optionally the HTML report.
 */
public final class Compare {
    private Compare() {
    }

    /**
     * {@code top}: slowest blocks listed per run; {@code labels}: the runs' names (null: each run's
     * own label, else its file name); {@code report}: the HTML report to write, or null.
     */
    public static void run(List<Path> runs, Comparison.Settings settings, int top, List<String> labels, Path report, PrintStream out,
                           PrintStream err) {
        if (runs.size() < 2) {
            throw new UserException("give at least two runs: the baseline first, then the runs to compare with it");
        }
        if (top < 0) {
            throw new UserException("--top must not be negative");
        }
        if (report != null) {
            Path dir = report.toAbsolutePath().getParent();
            if (!report.getFileName().toString().matches(".*\\.html?")) {
                throw new UserException("--report must name an .html file");
            }
            if (!Files.isDirectory(dir)) {
                throw new UserException(report + ": cannot write (no such directory)");
            }
        }
        List<Dataset> read = runs.stream().map(DatasetReader::read).toList();
        for (Dataset d : read) {
            if (d.blocks().isEmpty()) {
                throw new UserException(d.source() + ": has no blocks");
            }
        }
        List<String> names = RunLabels.of(read, runs, labels);
        List<Dataset> datasets = IntStream.range(0, read.size()).mapToObj(i -> read.get(i).withLabel(names.get(i))).toList();
        List<RunStats> stats = datasets.stream().map(d -> RunStats.of(d, top)).toList();
        List<Comparison> comparisons = datasets.subList(1, datasets.size()).stream()
                .map(d -> Comparison.of(datasets.getFirst(), d, settings)).toList();
        out.print(TextReport.render(datasets, stats, comparisons));
        for (Comparison c : comparisons) {
            if (!c.hashMismatches().isEmpty()) {
                err.println("nodescope: warning: " + c.hashMismatches().size() + " heights differ in hash between "
                        + c.baseline() + " and " + c.candidate() + " (first: " + c.hashMismatches().getFirst() + "); not compared");
            }
        }
        if (report != null) {
            List<Path> written;
            try {
                written = HtmlReport.write(report, datasets, stats, comparisons, Plots.all(datasets, comparisons));
            } catch (IOException e) {
                throw UserException.cannotWrite(report, e);
            }
            err.println("nodescope: wrote " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        out.flush();
    }
}

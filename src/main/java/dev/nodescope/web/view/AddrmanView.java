package dev.nodescope.web.view;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.nodescope.addrman.AddrmanSnapshot;
import dev.nodescope.addrman.Grouping;
import dev.nodescope.addrman.HtmlView;
import dev.nodescope.addrman.SnapshotFile;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The addrman page: the grid of {@code addrman view} over the snapshots {@code web --rpc} takes
 * (every {@code --rpc-every}), the last {@link #MAX_SNAPSHOTS} of them behind its time slider. They
 * are kept as {@code addrman watch} keeps a history: the oldest whole, the others as their changes
 * ({@link SnapshotFile}), so an hour of a full addrman costs about one snapshot's bytes. The grid's
 * data is made once per new snapshot, by {@link HtmlView}, and sent whole to each page (a snapshot
 * every few minutes, so resending beats keeping per-browser state).
 */
public final class AddrmanView implements WebView {
    /** Snapshots kept: an hour at the default {@code --rpc-every} of 2 minutes. */
    public static final int MAX_SNAPSHOTS = 30;

    private final WebContext context;
    private final Grouping grouping;
    private final Duration every;
    private final Object lock = new Object();
    // under lock
    private byte[] oldest;
    private final List<byte[]> changes = new ArrayList<>();
    private AddrmanSnapshot latest;
    private long version;
    private long failures;
    // the grid's data for a version, made on the hub's thread at most once per version
    private long dataVersion = -1;
    private String data;

    /** @param every how often snapshots are taken, or null when nothing takes them (no {@code --rpc}) */
    public AddrmanView(WebContext context, Grouping grouping, Duration every) {
        this.context = context;
        this.grouping = grouping;
        this.every = every;
    }

    @Override
    public String name() {
        return "addrman";
    }

    @Override
    public void register(EventStream stream) {
        // snapshots come from the RPC poller's thread, not from the stream
    }

    /** The next snapshot (any thread; the poller's). */
    public void add(AddrmanSnapshot s) {
        synchronized (lock) {
            if (latest == null) {
                oldest = SnapshotFile.full(s);
            } else {
                changes.add(SnapshotFile.diff(latest, s));
                if (changes.size() + 1 > MAX_SNAPSHOTS) {
                    // the second oldest becomes the whole one
                    AddrmanSnapshot second = SnapshotFile.applyDiff(SnapshotFile.readFull(oldest, "oldest"), changes.removeFirst(), "next");
                    oldest = SnapshotFile.full(second);
                }
            }
            latest = s;
            version++;
        }
    }

    /** A snapshot failed (the poller said why on stderr); the page shows the count. */
    public void failed() {
        synchronized (lock) {
            failures++;
            version++;
        }
    }

    @Override
    public Feed open(Map<String, String> params) {
        return new Feed() {
            private long sent = -1;

            @Override
            public Object next() {
                synchronized (lock) {
                    if (version == sent) {
                        return null;
                    }
                    sent = version;
                    return new Page(every != null, every == null ? null : every.toMillis() / 1e3, changes.size() + (oldest == null ? 0 : 1),
                            MAX_SNAPSHOTS, failures, latest == null ? null : latest.timeMillis(), latest == null ? null : data());
                }
            }
        };
    }

    /** The grid's data for the snapshots kept now (under lock). */
    private String data() {
        if (dataVersion != version) {
            HtmlView view = new HtmlView(grouping, context.addresses());
            AddrmanSnapshot s = SnapshotFile.readFull(oldest, "oldest");
            view.add(s);
            for (byte[] c : changes) {
                s = SnapshotFile.applyDiff(s, c, "next");
                view.add(s);
            }
            data = view.data();
            dataVersion = version;
        }
        return data;
    }

    /**
     * What the page gets.
     *
     * @param polling      whether snapshots are taken ({@code --rpc}); else the page says how
     * @param everySeconds the time between snapshots
     * @param snapshots    snapshots kept (frames of the grid's slider), at most {@code maxSnapshots}
     * @param failures     snapshots that failed
     * @param latestMillis when the newest was taken (epoch ms), or null
     * @param grid         the grid's data ({@code addrman view}'s, as JSON), or null before the first snapshot
     */
    public record Page(boolean polling, Double everySeconds, int snapshots, int maxSnapshots, long failures, Long latestMillis,
                       @JsonRawValue String grid) {
    }
}

package dev.nodescope.web.view;

import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.Evidence;
import dev.nodescope.stream.EventStream;
import dev.nodescope.web.Feed;
import dev.nodescope.web.PeerAlerts;
import dev.nodescope.web.WebContext;
import dev.nodescope.web.WebView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts page: {@code watch}'s alerts as they reach the stream (the engine runs in front of the
 * web tool, so an alert arrives right after the event that raised it). It keeps the alerts open now
 * (pending or firing, with their latest evidence) and the last {@link #MAX_TRANSITIONS} transitions.
 * An archive recorded with {@code record --watch} carries its alerts, so a replay shows them even
 * without {@code --watch}.
 *
 * <p>It also tells the peers page how many alerts are open about each peer.
 */
public final class AlertsView implements WebView, PeerAlerts {
    /** Transitions kept for the timeline (about a day of a node that alerts now and then). */
    public static final int MAX_TRANSITIONS = 2000;
    /** Open alerts sent to a page (the most severe first): the engine tracks up to 10 000, no person reads that many. */
    public static final int MAX_SHOWN = 500;

    private record Key(String node, String alert, String subject) {
    }

    private final WebContext context;
    private final boolean watching;
    private final Object lock = new Object();
    // under lock: the engine bounds how many alerts are open at once
    private final Map<Key, Open> open = new LinkedHashMap<>();
    private final Map<String, Map<Long, Integer>> perPeer = new HashMap<>();
    private final ArrayDeque<Transition> transitions = new ArrayDeque<>();
    private long transitionSeq;

    /** @param watching whether the watchdog runs (else the page says how to run it) */
    public AlertsView(WebContext context, boolean watching) {
        this.context = context;
        this.watching = watching;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public void register(EventStream stream) {
        stream.onEvent(Alert.class, this::accept);
    }

    private void accept(Alert a) {
        Key key = new Key(a.meta().node(), a.alert(), a.subject());
        long at = a.meta().epochNanos();
        synchronized (lock) {
            Open before = open.get(key);
            if (a.state() == AlertState.RESOLVED) {
                if (open.remove(key) != null && a.aboutPeer()) {
                    count(key.node(), a.peerId(), -1);
                }
            } else {
                // since: when it reached this state (a firing alert re-sent with new evidence keeps its time)
                long since = before != null && before.alert.state() == a.state() ? before.since : at;
                open.put(key, new Open(a, since));
                if (before == null && a.aboutPeer()) {
                    count(key.node(), a.peerId(), 1);
                }
            }
            transitions.addLast(new Transition(++transitionSeq, at, key.node(), a.alert(), a.severity().jsonName(),
                    a.state().jsonName(), subject(a, context), a.peerId(), summary(a, context)));
            if (transitions.size() > MAX_TRANSITIONS) {
                transitions.removeFirst();
            }
        }
    }

    private void count(String node, long peerId, int delta) {
        Map<Long, Integer> peers = perPeer.computeIfAbsent(node, k -> new HashMap<>());
        int n = peers.getOrDefault(peerId, 0) + delta;
        if (n <= 0) {
            peers.remove(peerId);
        } else {
            peers.put(peerId, n);
        }
    }

    @Override
    public int open(String node, long peerId) {
        synchronized (lock) {
            Map<Long, Integer> peers = perPeer.get(node);
            return peers == null ? 0 : peers.getOrDefault(peerId, 0);
        }
    }

    /** The summary names the peer by its address: under {@code --redact-ips} by its pseudonym. */
    static String summary(Alert a, WebContext context) {
        String addr = a.addr();
        return addr == null || addr.isEmpty() ? a.summary() : a.summary().replace(addr, context.addresses().apply(addr));
    }

    /** A subject that names the address ({@code addr:1.2.3.4} of fleet_peer) names it as the summary does. */
    static String subject(Alert a, WebContext context) {
        String addr = a.addr();
        return addr == null || addr.isEmpty() ? a.subject() : a.subject().replace(addr, context.addresses().apply(addr));
    }

    @Override
    public Feed open(Map<String, String> params) {
        return new Feed() {
            private long sent = -1; // the last transition this page has

            @Override
            public Object next() {
                return page();
            }

            private Page page() {
                long now = context.clock().getAsLong();
                List<OpenAlert> shown;
                int total;
                List<Transition> news = new ArrayList<>();
                boolean reset = sent < 0;
                synchronized (lock) {
                    List<Open> all = new ArrayList<>(open.values());
                    total = all.size();
                    all.sort(Comparator.comparing((Open o) -> o.alert.severity()).reversed()
                            .thenComparing((Open o) -> o.alert.state() != AlertState.FIRING)
                            .thenComparingLong(o -> o.alert.started()));
                    shown = new ArrayList<>(Math.min(total, MAX_SHOWN));
                    for (Open o : all.subList(0, Math.min(total, MAX_SHOWN))) {
                        shown.add(o.view(context));
                    }
                    for (Transition t : transitions) {
                        if (t.seq() > sent) {
                            news.add(t);
                        }
                    }
                    sent = transitionSeq;
                }
                return new Page(watching, now, total, shown, reset, news);
            }
        };
    }

    private record Open(Alert alert, long since) {
        OpenAlert view(WebContext context) {
            Alert a = alert;
            List<Evidence.Measure> evidence = a.evidence() == null ? List.of() : a.evidence().measures();
            return new OpenAlert(a.meta().node(), a.alert(), a.severity().jsonName(), a.state().jsonName(), subject(a, context),
                    a.aboutPeer() ? a.peerId() : null, a.addr() == null || a.addr().isEmpty() ? null : context.addresses().apply(a.addr()),
                    summary(a, context), evidence, a.started(), since, a.meta().epochNanos());
        }
    }

    /**
     * What the page gets.
     *
     * @param watching    whether the watchdog runs
     * @param now         the time ages are at (epoch ns)
     * @param openTotal   alerts open now (at most {@link #MAX_SHOWN} of them are in {@code open})
     * @param reset       the page starts its timeline again with {@code transitions} (a new subscription)
     * @param transitions the transitions since the last update, oldest first
     */
    public record Page(boolean watching, long now, int openTotal, List<OpenAlert> open, boolean reset, List<Transition> transitions) {
    }

    /**
     * An alert open now.
     *
     * @param peerId  the peer, or null when the subject is not a peer
     * @param addr    the peer's address (its pseudonym under {@code --redact-ips}), or null
     * @param started when the condition began (epoch ns)
     * @param since   when it reached its state (epoch ns)
     * @param updated its last event (epoch ns)
     */
    public record OpenAlert(String node, String alert, String severity, String state, String subject, Long peerId, String addr,
                            String summary, List<Evidence.Measure> evidence, long started, long since, long updated) {
    }

    /** One alert event: pending, firing (again when its severity rose) or resolved, at {@code at} (epoch ns). */
    public record Transition(long seq, long at, String node, String alert, String severity, String state, String subject, long peerId,
                             String summary) {
    }
}

package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.event.Event;
import dev.nodescope.event.EventMeta;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.Network;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import dev.nodescope.stream.EventSink;
import dev.nodescope.stream.EventSource;
import dev.nodescope.stream.SourceStats;
import dev.nodescope.web.view.PeerView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The peer page while the peer talks: new messages appear at the bottom and are followed while
 * the reader is there; scrolled up, the view stays put until asked to follow again; past the
 * history's cap the page keeps no more than the server does.
 */
class WebPeerLiveTest {
    private static final long T0 = 1_764_662_400_000_000_000L;
    private static final String ADDR = "198.51.100.7:8333";
    private final QueueSource source = new QueueSource();
    private long seq;
    private int messages;

    private EventMeta meta() {
        seq++;
        return new EventMeta("live", 4242, 4243, "b-net", seq, T0 + seq * 100_000_000L, seq);
    }

    /** A ping of ours and the peer's pong to it, {@code pairs} times. */
    private void talk(int pairs) {
        for (int i = 0; i < pairs; i++) {
            byte[] nonce = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(seq).array();
            source.queue.add(new OutboundMessage(meta(), 7, ADDR, "outbound-full-relay", "ping", 8, 8, false, nonce));
            source.queue.add(new InboundMessage(meta(), 7, ADDR, "outbound-full-relay", "pong", 8, 8, false, nonce));
            messages += 2;
        }
    }

    @Test
    void newMessagesAreFollowedAtTheBottomAndNotWhileReadingBack() throws Exception {
        source.queue.add(new OutboundConnection(meta(), 7, ADDR, "outbound-full-relay", Network.IPV4, 1));
        talk(30);
        try (DashboardHarness dashboard = DashboardHarness.over(source, null, UnaryOperator.identity(), Duration.ofMillis(200), false);
             Browser browser = Browser.open()) {
            browser.get(dashboard.entryUrl());
            browser.get(dashboard.base() + "/#/peer/live/7");
            browser.until(d -> lastSeq(browser) == messages);
            assertThat(browser.all("#peer-diagram")).hasSize(1); // opened by its address, the page is mounted once
            assertThat(atBottom(browser)).isTrue();

            talk(3);
            browser.until(d -> lastSeq(browser) == messages);
            browser.until(d -> atBottom(browser)); // followed
            // every pong is tied to the ping before it
            assertThat(browser.find("#peer-diagram g.msg[data-seq='66']").getAttribute("data-partner")).isEqualTo("65");
            assertThat(browser.find("#peer-diagram g.msg[data-seq='65']").getAttribute("data-partner")).isEqualTo("66");

            browser.script("document.getElementById('peer-scroll').scrollTop = 0;");
            browser.until(d -> browser.find("#peer-status").getText().endsWith("paused: scroll to the bottom to follow"));
            talk(3);
            browser.until(d -> lastSeq(browser) == messages);
            assertThat(browser.script("return document.getElementById('peer-scroll').scrollTop;")).isEqualTo(0L); // left where it was

            browser.find("#peer-newest").click();
            assertThat(atBottom(browser)).isTrue();
            browser.until(d -> browser.find("#peer-status").getText().endsWith("following live"));

            // far more than the history keeps: the page keeps no more than the server does, the newest at the bottom
            talk(PeerView.HISTORY);
            browser.until(d -> lastSeq(browser) == messages);
            long drawn = (Long) browser.script("return document.querySelectorAll('#peer-diagram g.msg').length;");
            assertThat(drawn).isBetween((long) PeerView.HISTORY, PeerView.HISTORY + 100L);
            browser.until(d -> atBottom(browser));
            // what is not drawn is accounted for: dropped from the top, or let go by the server while the page was behind
            Map<String, String> status = statusCounts(browser);
            assertThat(Long.parseLong(status.get("shown"))).isEqualTo(drawn);
            assertThat(drawn + Long.parseLong(status.get("earlier")) + Long.parseLong(status.get("skipped"))).isEqualTo(messages);
            assertThat(browser.all("#peer-diagram g.break.skipped")).hasSize(status.get("skipped").equals("0") ? 0 : 1);
            browser.screenshot("peer-live");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static long lastSeq(Browser browser) {
        Object seq = browser.script("const g = document.querySelectorAll('#peer-diagram g.msg');"
                + " return g.length ? Number(g[g.length - 1].dataset.seq) : 0;");
        return ((Number) seq).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> statusCounts(Browser browser) {
        return (Map<String, String>) browser.script("return Object.assign({}, document.getElementById('peer-status').dataset);");
    }

    private static boolean atBottom(Browser browser) {
        return Boolean.TRUE.equals(browser.script("const s = document.getElementById('peer-scroll');"
                + " return s.scrollTop + s.clientHeight >= s.scrollHeight - 4;"));
    }

    /** Delivers what the test queues, as a live source would, until stopped. */
    private static final class QueueSource implements EventSource {
        final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private volatile boolean stopped;

        @Override
        public void run(EventSink sink) throws InterruptedException {
            while (!stopped) {
                Event e = queue.poll(50, TimeUnit.MILLISECONDS);
                if (e == null) {
                    sink.flush();
                    continue;
                }
                sink.accept(e);
            }
        }

        @Override
        public SourceStats stats() {
            return SourceStats.empty();
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }
}

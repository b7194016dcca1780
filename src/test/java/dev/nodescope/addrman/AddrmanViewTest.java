package dev.nodescope.addrman;

import dev.nodescope.HeadlessChromium;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML view in a real browser (headless Chromium): a probe script added to a copy of the page
 * reads the canvases' pixels back, clicks and hovers cells with mouse events, turns the selects and
 * the time slider, and writes what it saw into the DOM, which Chromium dumps.
 */
class AddrmanViewTest {

    private static final String PROBE = """
            <script>
            (function () {
              const out = {}, v = window.addrmanView;
              const pixels = {};
              function grab() { for (const t of ["new", "tried"]) { const c = document.getElementById(t);
                pixels[t] = { w: c.width, data: c.getContext("2d").getImageData(0, 0, c.width, c.height).data }; } }
              function px(t, b, p) { const [x, y] = v.cellXY(t, b, p), P = pixels[t], i = ((y + 1) * P.w + x + 1) * 4;
                return "#" + [P.data[i], P.data[i + 1], P.data[i + 2]].map(n => n.toString(16).padStart(2, "0")).join(""); }
              function census() { grab(); const c = {};
                for (const [t, n] of [["new", 1024], ["tried", 256]]) for (let b = 0; b < n; b++) for (let p = 0; p < 64; p++) {
                  const k = t + " " + px(t, b, p); c[k] = (c[k] || 0) + 1; }
                return c; }
              function mouse(type, t, b, p) { const c = document.getElementById(t), r = c.getBoundingClientRect(), [x, y] = v.cellXY(t, b, p);
                c.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: r.left + c.clientLeft + x + 1, clientY: r.top + c.clientTop + y + 1 })); }
              function choose(id, value) { const s = document.getElementById(id); s.value = value; s.dispatchEvent(new Event("change")); }
              function slide(k) { const s = document.getElementById("slider"); s.value = k; s.dispatchEvent(new Event("input")); }
              function legend() { return [...document.querySelectorAll("#legend .row")].map(r => [r.dataset.key, r.dataset.colour, +r.dataset.count]); }
              out.ready = document.body.dataset.ready;
              out.frames = v.frames;
              out.canvas = [document.getElementById("new").width, document.getElementById("new").height,
                            document.getElementById("tried").width, document.getElementById("tried").height];
              out.last = census();
              out.lastSummary = document.getElementById("summary").textContent;
              grab(); out.ipv4Cell = px("new", 1, 32); out.ipv6Cell = px("new", 9, 47);
              mouse("mousemove", "new", 1, 32); out.tip = document.getElementById("tip").textContent;
              out.tipShown = document.getElementById("tip").style.display;
              mouse("click", "new", ATTACKER_BUCKET, 0); out.details = document.getElementById("details").textContent;
              choose("highlight", "source"); out.sameSource = census();
              choose("highlight", "netgroup"); out.sameNetgroup = census();
              choose("highlight", "none");
              choose("mode", "diff"); out.diffLast = census();
              slide(3); out.diffFilled = census(); out.filledSummary = document.getElementById("summary").textContent;
              choose("mode", "source"); out.sourceLegend = legend(); grab(); out.attackerCell = px("new", ATTACKER_BUCKET, 1);
              choose("mode", "asn"); out.asnLegend = legend();
              choose("mode", "age"); out.ageLegend = legend();
              choose("mode", "services"); out.servicesLegend = legend();
              slide(0); choose("mode", "network"); out.first = census();
              document.body.insertAdjacentHTML("beforeend", "<pre id=probe>" + JSON.stringify(out) + "</pre>");
            })();
            </script>
            """;

    @Test
    void gridsColoursClicksAndTimeSliderInChromium(@TempDir Path dir) throws Exception {
        HeadlessChromium.require();
        // the tried-evicted history, then one more snapshot where five real new entries leave
        List<AddrmanSnapshot> history = new ArrayList<>(Scenarios.triedEvicted());
        AddrmanSnapshot last = history.getLast();
        Scenarios.Editor ed = new Scenarios.Editor(last, last.timeMillis() + Scenarios.STEP);
        List<AddrEntry> realNew = Scenarios.entries(history.getFirst(), Table.NEW);
        for (int i = 200; i < 205; i++) {
            ed.remove(realNew.get(i).slot());
        }
        history.add(ed.done());
        Path hist = dir.resolve("hist");
        HistoryWriter w = HistoryWriter.open(hist);
        for (AddrmanSnapshot s : history) {
            w.append(s);
        }
        Path asmap = dir.resolve("test.map");
        Files.write(asmap, AsmapTest.sampleMap());
        Path page = dir.resolve("view.html");
        Cli.Result r = Cli.run("addrman", "view", hist.toString(), "--html", page.toString(), "--asmap", asmap.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderrLines()).singleElement().asString().startsWith("nodescope: wrote " + page + " (8 snapshots, ");
        String html = Files.readString(page);
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<link").doesNotContain(" src=");

        int attackerBucket = Scenarios.emptyBuckets(history.getFirst(), Table.NEW).get(60); // positions 0..3 hold attackers still
        Path probe = dir.resolve("probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE.replace("ATTACKER_BUCKET", String.valueOf(attackerBucket)) + "</body>"));
        String rendered = HeadlessChromium.renderedDom(probe, dir, 10000, 120);
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(rendered);
        assertThat(m.find()).as(Files.readString(dir.resolve("chromium.err"))).isTrue();
        JsonNode out = new ObjectMapper().readTree(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"));

        assertThat(out.path("ready").asText()).isEqualTo("yes");
        assertThat(out.path("frames").asInt()).isEqualTo(8);
        // 32x32 buckets of 8x8 cells of 3 px with 1 px between buckets; tried 16x16
        assertThat(out.path("canvas").toString()).isEqualTo("[799,799,399,399]");
        // last frame, by network: new 682 - 60 to tried + 30 pushed back - 5 removed = 647 (all IPv4 but 60 IPv6), tried 76
        JsonNode lastCensus = out.path("last");
        int ipv6New = (int) realNew.stream().filter(e -> e.network().equals("ipv6")).count();
        int ipv6Removed = (int) realNew.subList(200, 205).stream().filter(e -> e.network().equals("ipv6")).count();
        assertThat(lastCensus.path("new #ff7f0e").asInt()).isEqualTo(ipv6New - ipv6Removed);
        assertThat(lastCensus.path("new #1f77b4").asInt()).isEqualTo(647 - ipv6New + ipv6Removed);
        assertThat(lastCensus.path("new #f0f0f0").asInt()).isEqualTo(65536 - 647);
        assertThat(lastCensus.path("tried #1f77b4").asInt()).isEqualTo(76);
        assertThat(lastCensus.path("tried #f0f0f0").asInt()).isEqualTo(16384 - 76);
        assertThat(out.path("lastSummary").asText()).isEqualTo("new 647 slots, tried 76 slots; since the previous snapshot: "
                + "0 slots with inserted addresses, 5 slots lost their address, 0 moved to tried");
        assertThat(out.path("ipv4Cell").asText()).isEqualTo("#1f77b4"); // 64.124.7.154 at new 1/32
        assertThat(out.path("ipv6Cell").asText()).isEqualTo("#ff7f0e"); // 2a03:d44c:1d52::cc35 at new 9/47

        // hover and click
        assertThat(out.path("tipShown").asText()).isEqualTo("block");
        assertThat(out.path("tip").asText()).startsWith("new 1/32\naddress  64.124.7.154:8333\nnetwork  ipv4\n"
                + "netgroup 64.124.0.0/16\nASN      AS13335\nsource   64.124.7.154\n");
        assertThat(out.path("details").asText()).startsWith("new " + attackerBucket + "/0\naddress  185.10.0.")
                .contains("\nsource   45.33.1.7\n  group  45.33.0.0/16\n  ASN    unmapped\nservices 9 NETWORK|WITNESS\n");
        // same source: the attacker's 300 entries stay bright, everything else is dimmed; the selected one is black
        JsonNode same = out.path("sameSource");
        assertThat(same.path("new #1f77b4").asInt() + same.path("tried #1f77b4").asInt()).isEqualTo(299);
        assertThat(same.path("new #000000").asInt()).isEqualTo(1);
        JsonNode group = out.path("sameNetgroup");
        assertThat(group.path("new #1f77b4").asInt() + group.path("tried #1f77b4").asInt()).isEqualTo(74); // 185.10/16: 75

        // changes since the previous snapshot: five slots lost their address (red)
        JsonNode diff = out.path("diffLast");
        assertThat(diff.path("new #d62728").asInt()).isEqualTo(5);
        assertThat(diff.path("new #c7c7c7").asInt()).isEqualTo(647 - 1);
        // the time slider back to the third filling step: 100 inserted (green) in new
        JsonNode filled = out.path("diffFilled");
        assertThat(filled.path("new #2ca02c").asInt()).isEqualTo(100);
        assertThat(filled.path("new #c7c7c7").asInt()).isEqualTo(582 - 1);
        assertThat(out.path("filledSummary").asText()).isEqualTo("new 682 slots, tried 76 slots; since the previous snapshot: "
                + "100 slots with inserted addresses, 0 slots lost their address, 0 moved to tried");
        JsonNode sourceTop = out.path("sourceLegend").get(0);
        assertThat(sourceTop.get(0).asText()).isEqualTo("45.33.0.0/16");
        assertThat(sourceTop.get(2).asInt()).isEqualTo(300);
        assertThat(out.path("attackerCell").asText()).isEqualTo(sourceTop.get(1).asText());
        assertThat(out.path("asnLegend").toString()).contains("[\"AS64500\",").contains(",150]");
        assertThat(out.path("ageLegend").toString()).isEqualTo("[[\"<1h\",\"#1a9850\",758]]");
        assertThat(out.path("servicesLegend").get(0).get(0).asText()).isEqualTo("NETWORK|WITNESS");
        // frame 0: the real snapshot
        JsonNode first = out.path("first");
        assertThat(first.path("new #1f77b4").asInt() + first.path("new #ff7f0e").asInt()).isEqualTo(382);
        assertThat(first.path("tried #1f77b4").asInt()).isEqualTo(76);
    }
}

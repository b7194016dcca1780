package dev.nodescope.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nodescope.PlayedEvents;
import dev.nodescope.archive.ArchiveSource;
import dev.nodescope.archive.IpRedactor;
import dev.nodescope.demo.attack.AttackScenario;
import dev.nodescope.demo.attack.AttackScenarios;
import dev.nodescope.event.Alert;
import dev.nodescope.event.AlertState;
import dev.nodescope.event.Event;
import dev.nodescope.event.Evidence;
import dev.nodescope.watch.Rules;
import dev.nodescope.watch.Silences;
import dev.nodescope.watch.WatchEngine;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts page over a replay of two attacks: the addr flood whole (its alert fires, then
 * resolves), then the ping flood cut right after its alert fired. The page shows the open alert as
 * the engine raised it (detector, subject, state, evidence: the numbers an engine run on its own
 * over the same events gives), every transition, and the peers page counts it on the attacker.
 */
class WebAlertsPageTest {
    static final String NODE = "attack";
    static final long START = 1_764_662_400_000_000_000L;

    @TempDir
    static Path dir;
    /** The attack played whole first: its alert fires and resolves. */
    static AttackScenario resolved;
    /** The attack whose alert is open at the end. */
    static AttackScenario scenario;
    static List<Event> events;
    /** What an engine of its own raised over the recorded events, in order. */
    static List<Alert> raised;
    static DashboardHarness dashboard;

    @BeforeAll
    static void serve() throws Exception {
        resolved = AttackScenarios.byName("addr_flood");
        scenario = AttackScenarios.byName("ping_flood");
        StringWriter lines = new StringWriter();
        resolved.play(lines, () -> false);
        scenario.play(lines, () -> false);
        List<Event> all = new PlayedEvents(NODE, 4242, START).play(lines.toString().lines().toList());
        // the ping flood ends quiet and its alert resolves: keep it until the alert fired, so it is open at the end
        List<Alert> alerts = new ArrayList<>();
        WatchEngine alone = engine().addListener(alerts::add);
        Set<Class<? extends Event>> read = alone.eventTypes();
        int cut = -1;
        for (int i = 0; i < all.size() && cut < 0; i++) {
            if (read.contains(all.get(i).getClass())) {
                alone.accept(all.get(i));
            }
            if (alerts.stream().anyMatch(a -> a.alert().equals(scenario.detector()) && a.state() == AlertState.FIRING)) {
                cut = i + 1;
            }
        }
        assertThat(alerts.stream().map(a -> a.alert() + " " + a.state().jsonName()).toList())
                .as("the addr flood's alert came and went before").contains("addr_flood firing", "addr_flood resolved");
        assertThat(cut).as("the scenario's alert fires").isPositive();
        events = all.subList(0, cut);
        raised = List.copyOf(alerts);
        BusyNodeArchive.record(dir.resolve("rec"), NODE, events);
        dashboard = DashboardHarness.replaying(dir.resolve("rec"), engine());
    }

    /** The engine under both scenarios' rules (each a "detectors:" map of its one detector). */
    static WatchEngine engine() {
        String rules = resolved.rules() + scenario.rules().substring(scenario.rules().indexOf('\n') + 1);
        return new WatchEngine(Rules.parse(rules, "the two attacks' rules"), Silences.NONE, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** The alerts open at the end, by detector and subject: the last state each reached, unless resolved. */
    static Map<String, Alert> open() {
        Map<String, Alert> open = new LinkedHashMap<>();
        for (Alert a : raised) {
            if (a.state() == AlertState.RESOLVED) {
                open.remove(a.alert() + " " + a.subject());
            } else {
                open.put(a.alert() + " " + a.subject(), a);
            }
        }
        return open;
    }

    static Map<String, Double> evidence(Evidence e) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Evidence.Measure m : e.measures()) {
            out.put(m.name(), m.value());
        }
        return out;
    }

    @Test
    void theApiHasTheEnginesOpenAlertAndItsTransitions() throws Exception {
        Map<String, Alert> open = open();
        assertThat(open).hasSize(1);
        Alert expected = open.values().iterator().next();
        assertThat(expected.alert()).isEqualTo(scenario.detector());
        JsonNode page = new ObjectMapper().readTree(dashboard.get("/api/view/alerts").body());
        assertThat(page.get("watching").asBoolean()).isTrue();
        assertThat(page.get("openTotal").asInt()).isEqualTo(1);
        JsonNode a = page.get("open").get(0);
        assertThat(a.get("alert").asText()).isEqualTo(expected.alert());
        assertThat(a.get("subject").asText()).isEqualTo(expected.subject());
        assertThat(a.get("state").asText()).isEqualTo("firing");
        assertThat(a.get("severity").asText()).isEqualTo(expected.severity().jsonName());
        assertThat(a.get("peerId").asLong()).isEqualTo(expected.peerId());
        assertThat(a.get("summary").asText()).isEqualTo(expected.summary());
        assertThat(a.get("started").asLong()).isEqualTo(expected.started());
        Map<String, Double> served = new LinkedHashMap<>();
        for (JsonNode m : a.get("evidence")) {
            served.put(m.get("name").asText(), m.get("value").asDouble());
        }
        assertThat(served).isEqualTo(evidence(expected.evidence()));
        List<String> transitions = new ArrayList<>();
        for (JsonNode t : page.get("transitions")) {
            transitions.add(t.get("alert").asText() + " " + t.get("subject").asText() + " " + t.get("state").asText() + " " + t.get("at").asLong());
        }
        assertThat(transitions).isEqualTo(raised.stream()
                .map(r -> r.alert() + " " + r.subject() + " " + r.state().jsonName() + " " + r.meta().epochNanos()).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrowserShowsTheAlertAndThePeersPageCountsIt() throws Exception {
        Alert expected = open().values().iterator().next();
        try (Browser browser = Browser.open()) {
            browser.dashboardPage(dashboard.entryUrl(), "alerts");
            browser.until(d -> browser.all("#alerts-open .alert").size() == 1);
            Map<String, Object> card = (Map<String, Object>) browser.script("""
                    const a = document.querySelector('#alerts-open .alert');
                    const evidence = {};
                    for (const tr of a.querySelectorAll('table.evidence tr')) evidence[tr.dataset.name] = tr.querySelector('td').dataset.value;
                    return { data: Object.assign({}, a.dataset), evidence, link: a.querySelector('a.subject').getAttribute('href'),
                             summary: a.querySelector('.alert-summary').textContent };""");
            Map<String, String> data = (Map<String, String>) card.get("data");
            assertThat(data).containsEntry("alert", expected.alert()).containsEntry("subject", expected.subject())
                    .containsEntry("state", "firing").containsEntry("severity", expected.severity().jsonName())
                    .containsEntry("peerId", Long.toString(expected.peerId())).containsEntry("node", NODE);
            assertThat(card.get("link")).isEqualTo("#/peer/" + NODE + "/" + expected.peerId());
            assertThat(card.get("summary")).isEqualTo(expected.summary());
            Map<String, Double> shown = new LinkedHashMap<>();
            ((Map<String, String>) card.get("evidence")).forEach((k, v) -> shown.put(k, Double.parseDouble(v)));
            assertThat(shown).isEqualTo(evidence(expected.evidence()));
            // the transitions, newest first, and one mark each on the timeline
            List<String> listed = browser.rows("#alerts-transitions").stream().map(r -> r.get("alert") + " " + r.get("subject") + " " + r.get("state"))
                    .toList();
            assertThat(listed).isEqualTo(raised.reversed().stream().map(r -> r.alert() + " " + r.subject() + " " + r.state().jsonName()).toList());
            assertThat(browser.all("#alerts-timeline circle")).hasSize(raised.size());
            assertThat(browser.find("#alerts-hint").isDisplayed()).isFalse();
            browser.screenshot("alerts");
            // the peers page: one alert open about the attacker
            browser.script("location.hash = '#/peers'");
            browser.until(d -> browser.rows("#peers-table").stream().anyMatch(r -> r.get("peerId").equals(Long.toString(expected.peerId()))));
            for (Map<String, String> row : browser.rows("#peers-table")) {
                assertThat(row.get("alerts")).as("alerts of peer %s", row.get("peerId"))
                        .isEqualTo(row.get("peerId").equals(Long.toString(expected.peerId())) ? "1" : "");
            }
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void underRedactIpsTheAlertsNameThePeersByPseudonym() throws Exception {
        IpRedactor redactor = IpRedactor.withRandomKey();
        try (DashboardHarness redacted = DashboardHarness.over(ArchiveSource.builder().path(dir.resolve("rec")).build(), engine(),
                redactor::pseudonym, Duration.ofMillis(200), false)) {
            assertThat(redacted.web().awaitSourceEnd(Duration.ofSeconds(60))).isTrue();
            String page = redacted.get("/api/view/alerts").body();
            for (Alert a : raised) {
                assertThat(a.summary()).contains(a.addr());
                assertThat(page).doesNotContain(a.addr()).contains(a.summary().replace(a.addr(), redactor.pseudonym(a.addr())));
            }
        }
    }

    @Test
    void withoutTheWatchdogThePageSaysHowToRunIt() throws Exception {
        try (DashboardHarness plain = DashboardHarness.replaying(dir.resolve("rec"), null); Browser browser = Browser.open()) {
            browser.dashboardPage(plain.entryUrl(), "alerts");
            browser.until(d -> browser.find("#alerts-hint").isDisplayed());
            assertThat(browser.find("#alerts-hint").getText()).contains("nodescope web --watch");
            assertThat(browser.find("#alerts-summary").getText()).isEqualTo("0 open · watchdog off");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}

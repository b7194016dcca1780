package dev.nodescope.addrman;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code addrman view --html}: one self-contained page (no network access: script, style and data
 * inline) drawing the new table (1024 buckets of 64) and the tried table (256 of 64) as grids,
 * with the snapshots of a history as frames behind a time slider.
 *
 * <p>The data is a string table and frames: the first frame holds every entry, each later frame
 * the slots it sets, empties and re-dates, and which of its slots hold addresses inserted since
 * the frame before (and which slots lost an address that left the addrman), so the page can colour
 * what changed without keeping every snapshot. Netgroups and ASNs are worked out here, once.
 */
public final class HtmlView {
    private static final String TEMPLATE = "view.html";
    private static final String DATA_MARK = "/*ADDRMAN_DATA*/";

    private final Grouping grouping;
    private final Map<String, Integer> strings = new HashMap<>();
    private final StringWriter out = new StringWriter(1 << 20);
    private final JsonGenerator json;
    private AddrEntry[] previous;
    private Set<String> previousEndpoints;
    private Set<String> previousTried;
    private int frames;

    public HtmlView(Grouping grouping) {
        this.grouping = grouping;
        try {
            this.json = new JsonFactory().createGenerator(out);
            json.writeStartObject();
            json.writeArrayFieldStart("frames");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the page for {@code snapshots} (in time order) to {@code file}; returns the number of frames. */
    public static int write(Iterator<AddrmanSnapshot> snapshots, Grouping grouping, Path file) throws IOException {
        HtmlView view = new HtmlView(grouping);
        while (snapshots.hasNext()) {
            view.add(snapshots.next());
        }
        Files.writeString(file, view.page(), StandardCharsets.UTF_8);
        return view.frames;
    }

    public static int write(List<AddrmanSnapshot> snapshots, Grouping grouping, Path file) throws IOException {
        return write(snapshots.iterator(), grouping, file);
    }

    /** Adds the next snapshot as a frame. */
    public void add(AddrmanSnapshot s) {
        try {
            AddrEntry[] slots = s.bySlot();
            Set<String> endpoints = new HashSet<>(s.entries().size() * 2);
            Set<String> tried = new HashSet<>();
            for (AddrEntry e : s.entries()) {
                endpoints.add(e.endpoint());
                if (e.table() == Table.TRIED) {
                    tried.add(e.endpoint());
                }
            }
            json.writeStartObject();
            json.writeNumberField("t", s.timeMillis());
            json.writeArrayFieldStart("set");
            for (int slot = 0; slot < slots.length; slot++) {
                AddrEntry e = slots[slot];
                AddrEntry old = previous == null ? null : previous[slot];
                if (e != null && (old == null || !old.sameExceptTime(e))) {
                    entry(e);
                }
            }
            json.writeEndArray();
            if (previous != null) {
                // flat arrays: [slot, ...] and, for re-dated slots, [slot, time, slot, time, ...]
                json.writeArrayFieldStart("emptied");
                for (int slot = 0; slot < slots.length; slot++) {
                    if (slots[slot] == null && previous[slot] != null) {
                        json.writeNumber(slot);
                    }
                }
                json.writeEndArray();
                json.writeArrayFieldStart("redated");
                for (int slot = 0; slot < slots.length; slot++) {
                    AddrEntry e = slots[slot];
                    AddrEntry old = previous[slot];
                    if (e != null && old != null && old.sameExceptTime(e) && old.time() != e.time()) {
                        json.writeNumber(slot);
                        json.writeNumber(e.time());
                    }
                }
                json.writeEndArray();
                json.writeArrayFieldStart("inserted");
                for (AddrEntry e : s.entries()) {
                    if (!previousEndpoints.contains(e.endpoint())) {
                        json.writeNumber(e.slot());
                    }
                }
                json.writeEndArray();
                json.writeArrayFieldStart("evicted");
                for (int slot = 0; slot < slots.length; slot++) {
                    if (previous[slot] != null && !endpoints.contains(previous[slot].endpoint())) {
                        json.writeNumber(slot);
                    }
                }
                json.writeEndArray();
                json.writeArrayFieldStart("to_tried");
                for (AddrEntry e : s.entries()) {
                    if (e.table() == Table.TRIED && previousEndpoints.contains(e.endpoint())
                            && !previousTried.contains(e.endpoint())) {
                        json.writeNumber(e.slot());
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            previous = slots;
            previousEndpoints = endpoints;
            previousTried = tried;
            frames++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void entry(AddrEntry e) throws IOException {
        json.writeStartArray();
        json.writeNumber(e.slot());
        json.writeNumber(string(e.endpoint()));
        json.writeNumber(e.services());
        json.writeNumber(e.time());
        json.writeNumber(string(e.network()));
        json.writeNumber(string(e.source()));
        json.writeNumber(string(grouping.netgroup(e)));
        json.writeNumber(string(grouping.sourceNetgroup(e)));
        json.writeNumber(grouping.asn(e));
        json.writeNumber(grouping.sourceAsn(e));
        json.writeEndArray();
    }

    private int string(String s) {
        return strings.computeIfAbsent(s, k -> strings.size());
    }

    /** The whole page. */
    public String page() {
        try {
            json.writeEndArray();
            json.writeArrayFieldStart("strings");
            String[] table = new String[strings.size()];
            strings.forEach((s, i) -> table[i] = s);
            for (String s : table) {
                json.writeString(s);
            }
            json.writeEndArray();
            json.writeBooleanField("asns", grouping.hasAsmap());
            json.writeEndObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // inside <script>, "</" would end the element: JSON allows the escaped slash
        String data = out.toString().replace("</", "<\\/");
        return template().replace(DATA_MARK, data);
    }

    private static String template() {
        try (InputStream in = HtmlView.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the page template " + TEMPLATE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

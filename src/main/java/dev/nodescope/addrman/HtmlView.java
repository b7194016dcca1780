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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code addrman view --html}: one self-contained page (no network access: script, style and data
 * inline) drawing the new table (1024 buckets of 64) and the tried table (256 of 64) as grids,
 * with the snapshots of a history as frames behind a time slider.
 *
 * <p>The data is a string table and frames: the first frame holds every entry, each later frame
 * the slots it sets, empties and re-dates, and which of its slots hold addresses inserted since
 * the frame before (and which slots lost an address that left the addrman), so the page can colour
 * what changed without keeping every snapshot. Netgroups and ASNs are worked out here, once.
 *
 * <p>The grid's script and style are files of their own ({@link #GRID_ASSETS}): inlined here, served
 * as they are by the dashboard's addrman page (web/), whose policy forbids inline scripts.
 */
public final class HtmlView {
    /** Where the grid's script ({@code grid.js}) and style ({@code grid.css}) are on the class path. */
    public static final String GRID_ASSETS = "/dev/nodescope/addrman/grid";
    private static final String TEMPLATE = "view.html";
    private static final String DATA_MARK = "/*ADDRMAN_DATA*/";
    private static final String STYLE_MARK = "/*ADDRMAN_GRID_CSS*/";
    private static final String SCRIPT_MARK = "/*ADDRMAN_GRID_JS*/";

    private final Grouping grouping;
    private final UnaryOperator<String> addresses;
    private final Map<String, Integer> strings = new HashMap<>();
    private final StringWriter out = new StringWriter(1 << 20);
    private final JsonGenerator json;
    private AddrEntry[] previous;
    /** Addresses in the previous frame, with how many slots each fills. */
    private final Map<String, Integer> present = new HashMap<>();
    /** Addresses in the previous frame's tried table. */
    private final Set<String> tried = new HashSet<>();
    private int frames;

    public HtmlView(Grouping grouping) {
        this(grouping, UnaryOperator.identity());
    }

    /** @param addresses how addresses and sources are shown (the dashboard's {@code --redact-ips}: pseudonyms) */
    public HtmlView(Grouping grouping, UnaryOperator<String> addresses) {
        this.grouping = grouping;
        this.addresses = addresses;
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

    /**
     * Adds the next snapshot as a frame. Only changed slots are looked at closely: the addresses
     * present are kept as counts (an address can fill several new slots) and updated with the
     * changes, so a frame costs its changes plus one pass comparing slot references.
     */
    public void add(AddrmanSnapshot s) {
        try {
            AddrEntry[] slots = s.bySlot();
            json.writeStartObject();
            json.writeNumberField("t", s.timeMillis());
            if (previous == null) {
                json.writeArrayFieldStart("set");
                for (AddrEntry e : s.entries()) {
                    entry(e);
                    present.merge(e.endpoint(), 1, Integer::sum);
                    if (e.table() == Table.TRIED) {
                        tried.add(e.endpoint());
                    }
                }
                json.writeEndArray();
            } else {
                frame(slots);
            }
            json.writeEndObject();
            previous = slots;
            frames++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void frame(AddrEntry[] slots) throws IOException {
        List<Integer> set = new ArrayList<>();
        List<Integer> emptied = new ArrayList<>();
        List<Integer> redated = new ArrayList<>();
        List<Integer> replaced = new ArrayList<>(); // slots whose previous entry is gone from them
        Map<String, Integer> before = new HashMap<>(); // counts before this frame of the addresses it touches
        Set<String> triedBefore = new HashSet<>();
        for (int slot = 0; slot < slots.length; slot++) {
            AddrEntry e = slots[slot];
            AddrEntry old = previous[slot];
            if (e == old) {
                continue; // the same object: a history rebuilds unchanged slots by reference
            }
            if (e != null && old != null && old.sameExceptTime(e)) {
                if (old.time() != e.time()) {
                    redated.add(slot);
                }
                continue;
            }
            if (old != null) {
                replaced.add(slot);
                String gone = old.endpoint();
                before.putIfAbsent(gone, present.getOrDefault(gone, 0));
                present.merge(gone, -1, Integer::sum);
                if (old.table() == Table.TRIED && tried.remove(gone)) {
                    triedBefore.add(gone);
                }
            }
            if (e != null) {
                set.add(slot);
            } else {
                emptied.add(slot);
            }
        }
        for (int slot : set) {
            String endpoint = slots[slot].endpoint();
            before.putIfAbsent(endpoint, present.getOrDefault(endpoint, 0));
            present.merge(endpoint, 1, Integer::sum);
        }
        json.writeArrayFieldStart("set");
        for (int slot : set) {
            entry(slots[slot]);
        }
        json.writeEndArray();
        numbers("emptied", emptied);
        json.writeArrayFieldStart("redated"); // [slot, time, slot, time, ...]
        for (int slot : redated) {
            json.writeNumber(slot);
            json.writeNumber(slots[slot].time());
        }
        json.writeEndArray();
        List<Integer> inserted = new ArrayList<>();
        List<Integer> toTried = new ArrayList<>();
        for (int slot : set) {
            AddrEntry e = slots[slot];
            String endpoint = e.endpoint();
            if (before.get(endpoint) == 0) {
                inserted.add(slot);
            } else if (e.table() == Table.TRIED && !triedBefore.contains(endpoint) && !tried.contains(endpoint)) {
                toTried.add(slot);
            }
        }
        for (int slot : set) {
            if (slots[slot].table() == Table.TRIED) {
                tried.add(slots[slot].endpoint());
            }
        }
        List<Integer> evicted = new ArrayList<>();
        for (int slot : replaced) {
            Integer count = present.get(previous[slot].endpoint());
            if (count == null || count == 0) {
                evicted.add(slot);
            }
        }
        for (String endpoint : before.keySet()) {
            present.remove(endpoint, 0);
        }
        numbers("inserted", inserted);
        numbers("evicted", evicted);
        numbers("to_tried", toTried);
    }

    private void numbers(String name, List<Integer> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (int v : values) {
            json.writeNumber(v);
        }
        json.writeEndArray();
    }

    private void entry(AddrEntry e) throws IOException {
        json.writeStartArray();
        json.writeNumber(e.slot());
        json.writeNumber(string(addresses.apply(e.endpoint())));
        json.writeNumber(e.services());
        json.writeNumber(e.time());
        json.writeNumber(string(e.network()));
        json.writeNumber(string(addresses.apply(e.source())));
        json.writeNumber(string(grouping.netgroup(e)));
        json.writeNumber(string(grouping.sourceNetgroup(e)));
        json.writeNumber(grouping.asn(e));
        json.writeNumber(grouping.sourceAsn(e));
        json.writeEndArray();
    }

    private int string(String s) {
        return strings.computeIfAbsent(s, k -> strings.size());
    }

    /** The whole page; once, after the last {@link #add}. */
    public String page() {
        // inside <script>, "</" would end the element: JSON allows the escaped slash
        String data = data().replace("</", "<\\/");
        return resource(TEMPLATE).replace(STYLE_MARK, inlined(GRID_ASSETS + "/grid.css"))
                .replace(SCRIPT_MARK, inlined(GRID_ASSETS + "/grid.js")).replace(DATA_MARK, data);
    }

    /** The grid's data (a JSON object: frames, strings, asns); once, after the last {@link #add}, instead of {@link #page}. */
    public String data() {
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
        return out.toString();
    }

    /** The number of snapshots added. */
    public int frames() {
        return frames;
    }

    /** A grid asset as it goes inside the page's script or style element. */
    private static String inlined(String name) {
        String text = resource(name);
        if (text.contains("</")) {
            throw new IllegalStateException(name + " holds \"</\", which would end the element it is inlined into");
        }
        return text;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the page's " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

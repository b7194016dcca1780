// The addrman grid: the new table (1024 buckets of 64) and the tried table (256 of 64) as canvases,
// coloured by network, netgroup, ASN, age, services or by what changed, with a time slider over the
// snapshots. One classic script for two pages: `addrman view --html` inlines it into its
// self-contained file, the dashboard's addrman page loads it; it defines nodescopeAddrman.grid(root,
// data), data being HtmlView's (a string table and frames: the first every entry, later ones the
// slots they change). The DOM is built with createElement: nothing from the node becomes markup.
"use strict";
window.nodescopeAddrman = (function () {
  const NEW_SLOTS = 1024 * 64, ALL = NEW_SLOTS + 256 * 64;
  const CELL = 3, STEP = 8 * CELL + 1;
  const TABLES = { new: { cols: 32, buckets: 1024, base: 0 }, tried: { cols: 16, buckets: 256, base: NEW_SLOTS } };
  const EMPTY = "#f0f0f0", GAP = "#ffffff";
  const NETWORK = { ipv4: "#1f77b4", ipv6: "#ff7f0e", onion: "#9467bd", i2p: "#8c564b", cjdns: "#e377c2",
                    not_publicly_routable: "#7f7f7f" };
  const AGE_BINS = ["future>10m", "<1h", "1h-1d", "1d-7d", "7d-30d", ">30d"];
  const AGE = ["#7b3294", "#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"];
  const DIFF = { inserted: "#2ca02c", evicted: "#d62728", to_tried: "#1f77b4", unchanged: "#c7c7c7" };
  const SERVICE_BITS = [[0, "NETWORK"], [2, "BLOOM"], [3, "WITNESS"], [6, "COMPACT_FILTERS"], [10, "NETWORK_LIMITED"], [11, "P2P_V2"]];
  const MODES = [["network", "network"], ["source", "source netgroup"], ["netgroup", "netgroup"], ["asn", "ASN"], ["age", "age"],
                 ["services", "services"], ["diff", "changes since the previous snapshot"]];
  const HIGHLIGHTS = [["none", "nothing"], ["source", "same source netgroup as the selected entry"],
                      ["netgroup", "same netgroup as the selected entry"]];
  // entry fields
  const SLOT = 0, ENDPOINT = 1, SERVICES = 2, TIME = 3, NET = 4, SRC = 5, GROUP = 6, SRCGROUP = 7, ASN = 8, SRCASN = 9;

  function node(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  }
  function select(id, options) {
    return node("select", { id }, ...options.map(([value, text]) => node("option", { value }, text)));
  }

  function build(root) {
    root.replaceChildren(
      node("h1", {}, "addrman ", node("span", { id: "when" })),
      node("div", { id: "controls" },
        node("label", {}, "colour by ", select("mode", MODES)),
        node("label", {}, "highlight ", select("highlight", HIGHLIGHTS)),
        node("label", { id: "time" }, "snapshot ", node("input", { id: "slider", type: "range", min: "0", max: "0", value: "0" }), " ",
          node("span", { id: "frame" }))),
      node("div", { id: "summary" }),
      node("div", { id: "tables" },
        node("div", { class: "table" }, node("h2", {}, "new (1024 buckets \u00d7 64)"), node("canvas", { id: "new" })),
        node("div", { class: "table" }, node("h2", {}, "tried (256 buckets \u00d7 64)"), node("canvas", { id: "tried" })),
        node("div", { id: "side" }, node("h2", {}, "entry"), node("div", { id: "details" }, "click a cell"), node("h2", {}, "legend"),
          node("div", { id: "legend" }))),
      node("div", { id: "tip" }));
  }

  function hashColour(text) {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
    h >>>= 0;
    return hsl((h % 360), 55 + (h >>> 9) % 30, 38 + (h >>> 17) % 25);
  }
  function hsl(h, s, l) {
    s /= 100; l /= 100;
    const k = n => (n + h / 30) % 12, a = s * Math.min(l, 1 - l);
    const f = n => Math.round(255 * (l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))));
    return "#" + [f(0), f(8), f(4)].map(v => v.toString(16).padStart(2, "0")).join("");
  }
  function ageBin(age) {
    if (age < -600) return 0;
    if (age < 3600) return 1;
    if (age < 86400) return 2;
    if (age < 7 * 86400) return 3;
    return age <= 30 * 86400 ? 4 : 5;
  }
  function asnName(n) { return n ? "AS" + n : "unmapped"; }
  function servicesNames(v) {
    const names = [];
    for (const [bit, name] of SERVICE_BITS) if (Math.floor(v / 2 ** bit) % 2 === 1) names.push(name);
    return names.length ? names.join("|") : "none";
  }
  function dim(hex) {
    const c = parseInt(hex.slice(1), 16);
    const mix = v => Math.round(v + (255 - v) * 0.8);
    return "#" + [(c >> 16) & 255, (c >> 8) & 255, c & 255].map(v => mix(v).toString(16).padStart(2, "0")).join("");
  }
  function cellXY(table, bucket, pos) {
    const t = TABLES[table];
    return [(bucket % t.cols) * STEP + (pos % 8) * CELL, Math.floor(bucket / t.cols) * STEP + Math.floor(pos / 8) * CELL];
  }
  function cellAt(table, x, y) {
    const t = TABLES[table];
    const bx = Math.floor(x / STEP), by = Math.floor(y / STEP);
    const cx = Math.floor((x % STEP) / CELL), cy = Math.floor((y % STEP) / CELL);
    if (bx >= t.cols || cx >= 8 || cy >= 8 || x % STEP >= 8 * CELL || y % STEP >= 8 * CELL) return -1;
    const bucket = by * t.cols + bx;
    if (bucket >= t.buckets) return -1;
    return t.base + bucket * 64 + cy * 8 + cx;
  }

  /** Draws {@code data} into {@code root}; update(data) shows newer snapshots (following the last one if it was shown). */
  function grid(root, data) {
    build(root);
    const $ = id => root.querySelector("#" + id);
    let D = data, S = data.strings;
    const entries = new Array(ALL).fill(null);
    const marks = new Uint8Array(ALL); // 1 inserted, 2 evicted (slot now empty or reused), 3 moved to tried
    let current = -1;
    let mode = "network", highlight = "none", selected = -1;

    function apply(f) {
      if (f.emptied) for (const s of f.emptied) entries[s] = null;
      if (f.redated) for (let i = 0; i < f.redated.length; i += 2) {
        const e = entries[f.redated[i]].slice(); e[TIME] = f.redated[i + 1]; entries[f.redated[i]] = e;
      }
      for (const e of f.set) entries[e[SLOT]] = e;
    }
    function goTo(k) {
      if (k < current) { entries.fill(null); current = -1; }
      while (current < k) apply(D.frames[++current]);
      marks.fill(0);
      const f = D.frames[k];
      if (f.inserted) for (const s of f.inserted) marks[s] = 1;
      if (f.evicted) for (const s of f.evicted) if (!marks[s]) marks[s] = 2;
      if (f.to_tried) for (const s of f.to_tried) marks[s] = 3;
    }
    function now() { return Math.floor(D.frames[current].t / 1000); }

    // [key, colour] of an entry in the current mode; the key names the legend row
    function classify(slot) {
      const e = entries[slot];
      if (mode === "diff") {
        const m = marks[slot];
        if (m === 2) return ["evicted", DIFF.evicted];
        if (!e) return null;
        if (m === 1) return ["inserted", DIFF.inserted];
        if (m === 3) return ["new->tried", DIFF.to_tried];
        return ["unchanged", DIFF.unchanged];
      }
      if (!e) return null;
      switch (mode) {
        case "network": { const n = S[e[NET]]; return [n, NETWORK[n] || "#bcbd22"]; }
        case "source": { const g = S[e[SRCGROUP]]; return [g, hashColour(g)]; }
        case "netgroup": { const g = S[e[GROUP]]; return [g, hashColour(g)]; }
        case "asn": { const a = asnName(e[ASN]); return [a, e[ASN] ? hashColour(a) : "#999999"]; }
        case "age": { const b = ageBin(now() - e[TIME]); return [AGE_BINS[b], AGE[b]]; }
        case "services": { const v = servicesNames(e[SERVICES]); return [v, hashColour("s" + e[SERVICES])]; }
      }
      return null;
    }

    function draw() {
      const legend = new Map();
      const sel = selected >= 0 ? entries[selected] : null;
      const field = highlight === "source" ? SRCGROUP : highlight === "netgroup" ? GROUP : -1;
      for (const name of ["new", "tried"]) {
        const t = TABLES[name], canvas = $(name), ctx = canvas.getContext("2d");
        canvas.width = t.cols * STEP - 1; canvas.height = (t.buckets / t.cols) * STEP - 1;
        ctx.fillStyle = GAP; ctx.fillRect(0, 0, canvas.width, canvas.height);
        for (let b = 0; b < t.buckets; b++) for (let p = 0; p < 64; p++) {
          const slot = t.base + b * 64 + p, c = classify(slot), [x, y] = cellXY(name, b, p);
          let colour = EMPTY;
          if (c) {
            colour = c[1];
            const row = legend.get(c[0]) || { colour: c[1], count: 0 }; row.count++; legend.set(c[0], row);
            const e = entries[slot];
            if (sel && field >= 0 && (!e || e[field] !== sel[field])) colour = dim(colour);
          }
          if (slot === selected) colour = "#000000";
          ctx.fillStyle = colour; ctx.fillRect(x, y, CELL, CELL);
        }
      }
      const rows = [...legend.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
      const box = $("legend");
      box.textContent = "";
      for (const [key, row] of rows.slice(0, 20)) {
        const div = document.createElement("div");
        div.className = "row"; div.dataset.key = key; div.dataset.colour = row.colour; div.dataset.count = row.count;
        const sw = document.createElement("span"); sw.className = "sw"; sw.style.background = row.colour;
        div.append(sw, document.createTextNode(key + " " + row.count));
        box.append(div);
      }
      if (rows.length > 20) box.append(document.createTextNode("... " + (rows.length - 20) + " more"));
      summary();
    }

    function summary() {
      let n = 0, t = 0;
      for (let s = 0; s < ALL; s++) if (entries[s]) { if (s < NEW_SLOTS) n++; else t++; }
      const f = D.frames[current];
      $("when").textContent = "at " + new Date(f.t).toISOString();
      $("frame").textContent = (current + 1) + " of " + D.frames.length;
      const s = $("summary");
      s.dataset.newSlots = n; s.dataset.triedSlots = t;
      s.textContent = "new " + n + " slots, tried " + t + " slots" + (f.inserted ? "; since the previous snapshot: "
        + f.inserted.length + " slots with inserted addresses, " + f.evicted.length + " slots lost their address, "
        + f.to_tried.length + " moved to tried" : "");
    }

    function describe(slot) {
      const e = entries[slot];
      const table = slot < NEW_SLOTS ? "new" : "tried", rel = slot < NEW_SLOTS ? slot : slot - NEW_SLOTS;
      const where = table + " " + Math.floor(rel / 64) + "/" + (rel % 64);
      if (!e) return where + "\n(empty" + (marks[slot] === 2 ? ": its address was evicted)" : ")");
      const age = now() - e[TIME];
      return where + "\naddress  " + S[e[ENDPOINT]] + "\nnetwork  " + S[e[NET]] + "\nnetgroup " + S[e[GROUP]]
        + (e[ASN] || D.asns ? "\nASN      " + asnName(e[ASN]) : "")
        + "\nsource   " + S[e[SRC]] + "\n  group  " + S[e[SRCGROUP]] + (e[SRCASN] || D.asns ? "\n  ASN    " + asnName(e[SRCASN]) : "")
        + "\nservices " + e[SERVICES] + " " + servicesNames(e[SERVICES])
        + "\ntime     " + new Date(e[TIME] * 1000).toISOString() + " (" + (age < 0 ? "in the future" : Math.round(age / 60) + " min ago") + ")"
        + (marks[slot] === 1 ? "\ninserted since the previous snapshot" : marks[slot] === 3 ? "\nmoved to tried since the previous snapshot" : "");
    }

    function pointer(ev) {
      const canvas = ev.target, r = canvas.getBoundingClientRect();
      return cellAt(canvas.id, ev.clientX - r.left - canvas.clientLeft, ev.clientY - r.top - canvas.clientTop);
    }
    const tip = $("tip");
    for (const name of ["new", "tried"]) {
      const canvas = $(name);
      canvas.addEventListener("mousemove", ev => {
        const slot = pointer(ev);
        if (slot < 0) { tip.style.display = "none"; return; }
        tip.textContent = describe(slot); tip.style.display = "block";
        tip.style.left = (ev.clientX + 14) + "px"; tip.style.top = (ev.clientY + 14) + "px";
      });
      canvas.addEventListener("mouseleave", () => { tip.style.display = "none"; });
      canvas.addEventListener("click", ev => {
        const slot = pointer(ev);
        if (slot < 0) return;
        selected = slot;
        $("details").textContent = describe(slot);
        draw();
      });
    }
    $("mode").addEventListener("change", ev => { mode = ev.target.value; draw(); });
    $("highlight").addEventListener("change", ev => { highlight = ev.target.value; draw(); });
    const slider = $("slider");
    slider.addEventListener("input", () => show(+slider.value));

    function show(k) {
      goTo(k);
      if (selected >= 0) $("details").textContent = describe(selected);
      draw();
    }
    function frames(k) {
      slider.max = D.frames.length - 1;
      slider.value = k;
      $("time").style.display = D.frames.length < 2 ? "none" : "";
      // where a cell is drawn, for people reading the page's code and for its tests
      window.addrmanView = { cellXY, frames: D.frames.length };
    }

    /** Newer snapshots: follows the last one if it was shown, else stays on the snapshot shown while it is kept. */
    function update(newer) {
      const follow = current === D.frames.length - 1, shownTime = D.frames[current].t;
      D = newer; S = newer.strings;
      entries.fill(null); current = -1;
      const kept = D.frames.findIndex(f => f.t === shownTime);
      const k = follow || kept < 0 ? D.frames.length - 1 : kept;
      frames(k);
      show(k);
    }

    frames(D.frames.length - 1);
    show(D.frames.length - 1);
    return { update };
  }

  return { grid, cellXY };
})();

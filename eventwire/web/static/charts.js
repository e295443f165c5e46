/* eventwire dashboard charts: plain SVG, no library, no network beyond this app's JSON API.
 *
 * ew.fetchJSON(url)                      -> Promise of the parsed JSON (throws with the API's message)
 * ew.quadChart(el, rows)                 stacked bars of events per period by QuadClass
 * ew.dyadChart(el, rows, onPick)         cooperation up / conflict down + mean Goldstein line; points clickable
 * ew.networkChart(el, graph, handlers)   actors as nodes, edges coloured by mean Goldstein, width by count
 *
 * Rows are the API's period rows: {period, events, verbal_cooperation, material_cooperation,
 *   verbal_conflict, material_conflict, goldstein_mean}.
 */
(function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";
  const QUAD = [
    { key: "verbal_cooperation", label: "verbal cooperation", color: "#7fb77e" },
    { key: "material_cooperation", label: "material cooperation", color: "#2e8b57" },
    { key: "verbal_conflict", label: "verbal conflict", color: "#f0a35e" },
    { key: "material_conflict", label: "material conflict", color: "#c8413b" },
  ];

  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, str, attrs) {
    const t = svg("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = str;
    return t;
  }

  function title(node, str) {
    // native tooltips: readable without any extra script and by screen readers
    svg("title", {}, node).textContent = str;
  }

  async function fetchJSON(url, options) {
    const response = await fetch(url, options);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.statusText;
      throw new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    }
    return body;
  }

  function empty(el, message) {
    el.innerHTML = "";
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = message;
    el.appendChild(p);
  }

  /* A round tick step (1, 2 or 5 x 10^k, at least 1) so that `ticks` steps cover `value`. */
  function niceStep(value, ticks) {
    const raw = Math.max(1, value / ticks);
    const exp = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * exp >= raw) return m * exp;
    return 10 * exp;
  }

  /* Period label: 2022-03-01 is "2022-03" by month, "2022" by year. */
  function periodLabel(period, by) {
    if (by === "month") return period.slice(0, 7);
    if (by === "year") return period.slice(0, 4);
    return period;
  }

  function nextPeriod(period, by) {
    const d = new Date(period + "T00:00:00Z");
    if (by === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (by === "week") d.setUTCDate(d.getUTCDate() + 7);
    else if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    return d.toISOString().slice(0, 10);
  }

  /* Insert empty periods so the time axis is continuous (a quiet month is a zero, not a gap). */
  function fillPeriods(rows, by) {
    if (rows.length < 2 || !by) return rows;
    const byPeriod = new Map(rows.map(r => [r.period, r]));
    const out = [], last = rows[rows.length - 1].period;
    for (let p = rows[0].period, guard = 0; p <= last && guard < 5000; p = nextPeriod(p, by), guard++) {
      out.push(byPeriod.get(p) || { period: p, events: 0, goldstein_mean: null });
    }
    return out.length >= rows.length ? out : rows;
  }

  /* Label every k-th period so labels never overlap. */
  function labelStep(n, width) { return Math.max(1, Math.ceil(n / Math.max(1, Math.floor(width / 70)))); }

  function frame(el, height) {
    el.innerHTML = "";
    const width = Math.max(320, el.clientWidth || 800);
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" }, el);
    return { root, width, height };
  }

  function quadChart(el, rows, by) {
    if (!rows.length) return empty(el, "No events in this period.");
    rows = fillPeriods(rows, by);
    const { root, width, height } = frame(el, 260);
    const m = { l: 48, r: 10, t: 10, b: 28 };
    const w = width - m.l - m.r, h = height - m.t - m.b;
    const top = Math.max(...rows.map(r => QUAD.reduce((s, q) => s + (r[q.key] || 0), 0)));
    const step = niceStep(top, 4), max = step * Math.max(1, Math.ceil(top / step));
    const bw = w / rows.length;
    for (let v = 0; v <= max; v += step) {
      const y = m.t + h - (h * v) / max;
      svg("line", { x1: m.l, x2: m.l + w, y1: y, y2: y, stroke: "#e5e8ee" }, root);
      text(root, m.l - 6, y + 4, String(v), { "text-anchor": "end" });
    }
    text(root, 12, m.t + h / 2, "events", { transform: `rotate(-90 12 ${m.t + h / 2})`, "text-anchor": "middle" });
    const every = labelStep(rows.length, w), barW = Math.min(60, bw * 0.8);
    rows.forEach((r, i) => {
      let y = m.t + h;
      const x = m.l + i * bw + (bw - barW) / 2;
      for (const q of QUAD) {
        const v = r[q.key] || 0;
        if (!v) continue;
        const bh = (h * v) / max;
        y -= bh;
        const rect = svg("rect", { x: x, y: y, width: Math.max(1, barW), height: bh, fill: q.color }, root);
        title(rect, `${periodLabel(r.period, by)}: ${v} ${q.label}`);
      }
      if (i % every === 0) text(root, m.l + i * bw + bw / 2, height - 8, periodLabel(r.period, by), { "text-anchor": "middle" });
    });
  }

  function dyadChart(el, rows, by, onPick) {
    if (!rows.length) return empty(el, "No events between these actors in this period.");
    rows = fillPeriods(rows, by);
    const { root, width, height } = frame(el, 340);
    const m = { l: 48, r: 48, t: 16, b: 30 };
    const w = width - m.l - m.r, h = height - m.t - m.b, mid = m.t + h / 2;
    const coop = r => (r.verbal_cooperation || 0) + (r.material_cooperation || 0);
    const conf = r => (r.verbal_conflict || 0) + (r.material_conflict || 0);
    const top = Math.max(...rows.map(r => Math.max(coop(r), conf(r))));
    const max = niceStep(top, 2) * Math.max(1, Math.ceil(top / niceStep(top, 2)));
    const bw = w / rows.length;
    const yCount = v => (h / 2) * (v / max);
    const yGold = g => mid - (h / 2) * (g / 10);
    // axes: counts on the left (cooperation up, conflict down), Goldstein -10..+10 on the right
    svg("line", { x1: m.l, x2: m.l + w, y1: mid, y2: mid, stroke: "#888" }, root);
    for (const f of [-1, -0.5, 0.5, 1]) {
      const y = mid - (h / 2) * f;
      svg("line", { x1: m.l, x2: m.l + w, y1: y, y2: y, stroke: "#eceff4" }, root);
      text(root, m.l - 6, y + 4, String(+Math.abs(max * f).toFixed(1)), { "text-anchor": "end" });
      text(root, m.l + w + 6, y + 4, (10 * f > 0 ? "+" : "") + 10 * f, {});
    }
    text(root, m.l - 6, mid + 4, "0", { "text-anchor": "end" });
    text(root, m.l + w + 6, mid + 4, "0", {});
    // axis titles sit in the margins so bars never cover them
    text(root, 12, m.t + h / 4, "cooperation ▲", { transform: `rotate(-90 12 ${m.t + h / 4})`, "text-anchor": "middle", fill: "#2e8b57" });
    text(root, 12, m.t + (3 * h) / 4, "▼ conflict", { transform: `rotate(-90 12 ${m.t + (3 * h) / 4})`, "text-anchor": "middle", fill: "#c8413b" });
    text(root, width - 8, mid, "mean Goldstein", { transform: `rotate(90 ${width - 8} ${mid})`, "text-anchor": "middle", fill: "#17315c" });
    const every = labelStep(rows.length, w), barW = Math.max(1, Math.min(50, bw * 0.7));
    const pts = [];
    rows.forEach((r, i) => {
      const x = m.l + i * bw + (bw - barW) / 2, label = periodLabel(r.period, by);
      if (coop(r)) {
        const up = svg("rect", { x: x, y: mid - yCount(coop(r)), width: barW, height: yCount(coop(r)), fill: "#6fb07a", class: "point", "data-index": i }, root);
        title(up, `${label}: ${coop(r)} cooperative events — click for the sentences`);
      }
      if (conf(r)) {
        const down = svg("rect", { x: x, y: mid, width: barW, height: yCount(conf(r)), fill: "#d5645d", class: "point", "data-index": i }, root);
        title(down, `${label}: ${conf(r)} conflictual events — click for the sentences`);
      }
      if (r.events && r.goldstein_mean !== null && r.goldstein_mean !== undefined) pts.push([m.l + i * bw + bw / 2, yGold(r.goldstein_mean), r, i]);
      if (i % every === 0) text(root, m.l + i * bw + bw / 2, height - 8, label, { "text-anchor": "middle" });
    });
    if (pts.length > 1) svg("polyline", { points: pts.map(p => `${p[0]},${p[1]}`).join(" "), fill: "none", stroke: "#17315c", "stroke-width": 1.5 }, root);
    for (const [x, y, r, i] of pts) {
      const c = svg("circle", { cx: x, cy: y, r: Math.max(2.5, Math.min(5, bw * 0.35)), fill: "#17315c", class: "point goldstein-point", "data-index": i, tabindex: 0 }, root);
      title(c, `${periodLabel(r.period, by)}: mean Goldstein ${r.goldstein_mean.toFixed(2)} over ${r.events} events — click for the sentences`);
    }
    const pick = ev => {
      const i = ev.target.getAttribute("data-index");
      if (i === null) return;
      root.querySelectorAll(".selected").forEach(n => n.classList.remove("selected"));
      root.querySelectorAll(`[data-index="${i}"]`).forEach(n => n.classList.add("selected"));
      onPick(rows[Number(i)]);
    };
    root.addEventListener("click", pick);
    root.addEventListener("keydown", ev => { if (ev.key === "Enter") pick(ev); });
  }

  /* Mean Goldstein (-10 conflict .. +10 cooperation) -> red .. grey .. green. */
  function goldsteinColor(g) {
    const t = Math.max(-1, Math.min(1, (g || 0) / 6));
    const mix = (a, b, f) => Math.round(a + (b - a) * f);
    const grey = [150, 150, 150], red = [200, 50, 45], green = [40, 140, 80];
    const to = t < 0 ? red : green, f = Math.abs(t);
    return `rgb(${mix(grey[0], to[0], f)},${mix(grey[1], to[1], f)},${mix(grey[2], to[2], f)})`;
  }

  /* Deterministic force layout (Fruchterman-Reingold): same data, same picture. */
  function layout(nodes, edges, width, height) {
    const n = nodes.length, index = new Map(nodes.map((d, i) => [d.id, i]));
    const pos = nodes.map((d, i) => {
      const a = (2 * Math.PI * i) / n;
      return [width / 2 + (width / 3) * Math.cos(a), height / 2 + (height / 3) * Math.sin(a)];
    });
    const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.6;
    const links = edges.map(e => [index.get(e.source), index.get(e.target)]).filter(l => l[0] !== undefined && l[1] !== undefined && l[0] !== l[1]);
    let temp = width / 8;
    for (let iter = 0; iter < 300; iter++) {
      const disp = pos.map(() => [0, 0]);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
        const d = Math.max(0.01, Math.hypot(dx, dy)), f = (k * k) / d;
        disp[i][0] += (dx / d) * f; disp[i][1] += (dy / d) * f;
        disp[j][0] -= (dx / d) * f; disp[j][1] -= (dy / d) * f;
      }
      for (const [a, b] of links) {
        const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
        const d = Math.max(0.01, Math.hypot(dx, dy)), f = (d * d) / k;
        disp[a][0] -= (dx / d) * f; disp[a][1] -= (dy / d) * f;
        disp[b][0] += (dx / d) * f; disp[b][1] += (dy / d) * f;
      }
      for (let i = 0; i < n; i++) {
        // weak pull to the centre keeps disconnected actors on screen
        disp[i][0] += (width / 2 - pos[i][0]) * 0.02 * k / 10;
        disp[i][1] += (height / 2 - pos[i][1]) * 0.02 * k / 10;
        const d = Math.max(0.01, Math.hypot(disp[i][0], disp[i][1]));
        pos[i][0] = Math.min(width - 40, Math.max(40, pos[i][0] + (disp[i][0] / d) * Math.min(d, temp)));
        pos[i][1] = Math.min(height - 25, Math.max(25, pos[i][1] + (disp[i][1] / d) * Math.min(d, temp)));
      }
      temp *= 0.985;
    }
    // stretch the result to fill the box: small graphs should not huddle in the middle
    const xs = pos.map(p => p[0]), ys = pos.map(p => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 60;
    return pos.map(([x, y]) => [
      x1 > x0 ? pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad) : width / 2,
      y1 > y0 ? pad + ((y - y0) / (y1 - y0)) * (height - 2 * pad) : height / 2,
    ]);
  }

  function networkChart(el, graph, handlers) {
    const nodes = graph.nodes || [], edges = graph.edges || [];
    if (!nodes.length) return empty(el, "No events with both a source and a target actor in this period.");
    const { root, width, height } = frame(el, 560);
    const pos = layout(nodes, edges, width, height);
    const index = new Map(nodes.map((d, i) => [d.id, i]));
    const maxCount = Math.max(...edges.map(e => e.events), 1);
    const maxNode = Math.max(...nodes.map(d => d.events), 1);
    svg("defs", {}, root).innerHTML =
      '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker>';
    const radius = d => 6 + 16 * Math.sqrt(d.events / maxNode);
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      // bend each direction to its own side so A->B and B->A stay apart
      const [x1, y1] = pos[a], [x2, y2] = pos[b];
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.12, my = (y1 + y2) / 2 + (x2 - x1) * 0.12;
      // stop at the target's rim so the arrowhead shows which way the events go
      const dx = x2 - mx, dy = y2 - my, d = Math.max(1, Math.hypot(dx, dy)), rt = radius(nodes[b]) + 2;
      const ex = x2 - (dx / d) * rt, ey = y2 - (dy / d) * rt;
      const path = svg("path", {
        d: `M${x1},${y1} Q${mx},${my} ${ex},${ey}`, fill: "none", class: "edge", "marker-end": "url(#arrow)",
        stroke: goldsteinColor(e.goldstein_mean), "stroke-opacity": 0.75,
        "stroke-width": 1 + 7 * Math.sqrt(e.events / maxCount),
      }, root);
      title(path, `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${Number(e.goldstein_mean || 0).toFixed(2)} — click to explore`);
      if (handlers && handlers.edge) path.addEventListener("click", () => handlers.edge(e));
    }
    nodes.forEach((d, i) => {
      const g = svg("g", { class: "node", transform: `translate(${pos[i][0]},${pos[i][1]})`, tabindex: 0 }, root);
      const c = svg("circle", { r: radius(d), fill: "#dbe6ff", stroke: "#2456a6", "stroke-width": 1.5 }, g);
      title(c, `${d.label}: ${d.events} events — click to list them`);
      text(g, 0, 4, d.id, { "text-anchor": "middle" });
      if (handlers && handlers.node) g.addEventListener("click", () => handlers.node(d));
    });
  }

  function legend(el) {
    el.innerHTML = QUAD.map(q => `<span><span class="sw" style="background:${q.color}"></span>${q.label}</span>`).join("");
  }

  window.ew = { fetchJSON, quadChart, dyadChart, networkChart, goldsteinColor, legend, QUAD };
})();

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

  /* "Nice" round upper bound for an axis. */
  function niceMax(value) {
    if (value <= 0) return 1;
    const exp = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= value) return m * exp;
    return 10 * exp;
  }

  /* Label every k-th period so labels never overlap. */
  function labelStep(n, width) { return Math.max(1, Math.ceil(n / Math.max(1, Math.floor(width / 70)))); }

  function frame(el, height) {
    el.innerHTML = "";
    const width = Math.max(320, el.clientWidth || 800);
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" }, el);
    return { root, width, height };
  }

  function quadChart(el, rows) {
    if (!rows.length) return empty(el, "No events in this period.");
    const { root, width, height } = frame(el, 260);
    const m = { l: 48, r: 10, t: 10, b: 28 };
    const w = width - m.l - m.r, h = height - m.t - m.b;
    const max = niceMax(Math.max(...rows.map(r => QUAD.reduce((s, q) => s + (r[q.key] || 0), 0))));
    const bw = w / rows.length;
    for (let i = 0; i <= 4; i++) {
      const y = m.t + h - (h * i) / 4;
      svg("line", { x1: m.l, x2: m.l + w, y1: y, y2: y, stroke: "#e5e8ee" }, root);
      text(root, m.l - 6, y + 4, String(Math.round((max * i) / 4)), { "text-anchor": "end" });
    }
    text(root, 12, m.t + h / 2, "events", { transform: `rotate(-90 12 ${m.t + h / 2})`, "text-anchor": "middle" });
    const step = labelStep(rows.length, w);
    rows.forEach((r, i) => {
      let y = m.t + h;
      const x = m.l + i * bw + bw * 0.1;
      for (const q of QUAD) {
        const v = r[q.key] || 0;
        if (!v) continue;
        const bh = (h * v) / max;
        y -= bh;
        const rect = svg("rect", { x: x, y: y, width: Math.max(1, bw * 0.8), height: bh, fill: q.color }, root);
        title(rect, `${r.period}: ${v} ${q.label}`);
      }
      if (i % step === 0) text(root, m.l + i * bw + bw / 2, height - 8, r.period, { "text-anchor": "middle" });
    });
  }

  function dyadChart(el, rows, onPick) {
    if (!rows.length) return empty(el, "No events between these actors in this period.");
    const { root, width, height } = frame(el, 340);
    const m = { l: 48, r: 48, t: 16, b: 30 };
    const w = width - m.l - m.r, h = height - m.t - m.b, mid = m.t + h / 2;
    const coop = r => (r.verbal_cooperation || 0) + (r.material_cooperation || 0);
    const conf = r => (r.verbal_conflict || 0) + (r.material_conflict || 0);
    const max = niceMax(Math.max(...rows.map(r => Math.max(coop(r), conf(r)))));
    const bw = w / rows.length;
    const yCount = v => (h / 2) * (v / max);
    const yGold = g => mid - (h / 2) * (g / 10);
    // axes: counts on the left (cooperation up, conflict down), Goldstein -10..+10 on the right
    svg("line", { x1: m.l, x2: m.l + w, y1: mid, y2: mid, stroke: "#888" }, root);
    for (const f of [-1, -0.5, 0.5, 1]) {
      const y = mid - (h / 2) * f;
      svg("line", { x1: m.l, x2: m.l + w, y1: y, y2: y, stroke: "#eceff4" }, root);
      text(root, m.l - 6, y + 4, String(Math.round(Math.abs(max * f))), { "text-anchor": "end" });
      text(root, m.l + w + 6, y + 4, (10 * f > 0 ? "+" : "") + 10 * f, {});
    }
    text(root, m.l - 6, mid + 4, "0", { "text-anchor": "end" });
    text(root, m.l + w + 6, mid + 4, "0", {});
    text(root, m.l + 4, m.t + 10, "▲ cooperation (events)", { fill: "#2e8b57" });
    text(root, m.l + 4, m.t + h - 4, "▼ conflict (events)", { fill: "#c8413b" });
    text(root, m.l + w - 4, m.t + 10, "mean Goldstein ●", { "text-anchor": "end", fill: "#17315c" });
    const step = labelStep(rows.length, w);
    const pts = [];
    rows.forEach((r, i) => {
      const x = m.l + i * bw + bw * 0.15, bwi = Math.max(1, bw * 0.7);
      const up = svg("rect", { x: x, y: mid - yCount(coop(r)), width: bwi, height: yCount(coop(r)), fill: "#6fb07a", class: "point", "data-index": i }, root);
      title(up, `${r.period}: ${coop(r)} cooperative events — click for the sentences`);
      const down = svg("rect", { x: x, y: mid, width: bwi, height: yCount(conf(r)), fill: "#d5645d", class: "point", "data-index": i }, root);
      title(down, `${r.period}: ${conf(r)} conflictual events — click for the sentences`);
      if (r.goldstein_mean !== null && r.goldstein_mean !== undefined) pts.push([m.l + i * bw + bw / 2, yGold(r.goldstein_mean), r, i]);
      if (i % step === 0) text(root, m.l + i * bw + bw / 2, height - 8, r.period, { "text-anchor": "middle" });
    });
    if (pts.length > 1) svg("polyline", { points: pts.map(p => `${p[0]},${p[1]}`).join(" "), fill: "none", stroke: "#17315c", "stroke-width": 1.5 }, root);
    for (const [x, y, r, i] of pts) {
      const c = svg("circle", { cx: x, cy: y, r: 5, fill: "#17315c", class: "point goldstein-point", "data-index": i, tabindex: 0 }, root);
      title(c, `${r.period}: mean Goldstein ${r.goldstein_mean.toFixed(2)} over ${r.events} events — click for the sentences`);
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
    return pos;
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
      '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker>';
    const radius = d => 6 + 16 * Math.sqrt(d.events / maxNode);
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      // bend each direction to its own side so A->B and B->A stay apart
      const [x1, y1] = pos[a], [x2, y2] = pos[b];
      const mx = (x1 + x2) / 2 - (y2 - y1) * 0.12, my = (y1 + y2) / 2 + (x2 - x1) * 0.12;
      const path = svg("path", {
        d: `M${x1},${y1} Q${mx},${my} ${x2},${y2}`, fill: "none", class: "edge",
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

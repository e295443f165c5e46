/* eventwire dashboard pages: wire the charts to the JSON API and link text to events.
 * Each block runs only where its element exists; no inline scripts (the CSP forbids them). */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showError(container, error) {
    container.innerHTML = "";
    container.appendChild(el("div", { class: "error", role: "alert" }, "Could not load the data: " + error.message));
  }

  /* Last day of the period starting at `start` (YYYY-MM-DD) for day/week/month/year. */
  function periodEnd(start, by) {
    const d = new Date(start + "T00:00:00Z");
    if (by === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (by === "week") d.setUTCDate(d.getUTCDate() + 7);
    else if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  function actorCode(a) { return a ? a.code : "—"; }

  function eventItem(e) {
    const item = el("div", { class: `event q${e.quad_class || 0}` });
    const head = el("div");
    head.appendChild(el("span", { class: "who" }, actorCode(e.source)));
    head.appendChild(document.createTextNode(" → "));
    head.appendChild(el("span", { class: `pill q${e.quad_class || 0}` }, e.cameo_code));
    head.appendChild(document.createTextNode(` ${e.plover || ""} → `));
    head.appendChild(el("span", { class: "who" }, actorCode(e.target)));
    head.appendChild(el("span", { class: "small muted" }, `  ${e.date || ""} · Goldstein ${e.goldstein === null ? "—" : e.goldstein}`));
    item.appendChild(head);
    item.appendChild(el("div", { class: "sentence" }, e.sentence));
    const link = el("a", { href: `/documents/${encodeURIComponent(e.doc_id)}#ev-${encodeURIComponent(e.event_id)}`, class: "small" }, "open the document →");
    item.appendChild(link);
    if (e.outlet) item.appendChild(el("span", { class: "small muted" }, `  from ${e.outlet}`));
    return item;
  }

  async function showPeriod(chart, row) {
    const box = document.getElementById("period-events"), list = document.getElementById("period-list");
    const by = chart.dataset.by, until = periodEnd(row.period, by);
    const params = new URLSearchParams({ since: row.period, until: until, limit: "100", order: "date" });
    if (chart.dataset.both === "true") params.set("dyad", chart.dataset.dyad);
    else { params.set("source", chart.dataset.source); params.set("target", chart.dataset.target); }
    document.getElementById("period-title").textContent = `Events ${row.period} – ${until} (${row.events})`;
    box.hidden = false;
    list.textContent = "Loading…";
    try {
      const data = await ew.fetchJSON("/api/events?" + params.toString());
      list.innerHTML = "";
      list.classList.add("events-list");
      if (!data.events.length) list.appendChild(el("p", { class: "empty" }, "No events."));
      data.events.forEach(e => list.appendChild(eventItem(e)));
      if (data.next) list.appendChild(el("a", { href: "/events?" + params.toString() }, "more in the events table →"));
      box.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (error) { showError(list, error); }
  }

  function initTimeline() {
    const chart = document.getElementById("timeline-chart");
    if (!chart) return;
    ew.fetchJSON(chart.dataset.src).then(data => ew.quadChart(chart, data.rows, data.by)).catch(e => showError(chart, e));
  }

  function initDyad() {
    const chart = document.getElementById("dyad-chart");
    if (!chart) return;
    ew.dyadChart(chart, JSON.parse(chart.dataset.rows), chart.dataset.by, row => showPeriod(chart, row));
  }

  function initNetwork() {
    const chart = document.getElementById("network-chart");
    if (!chart) return;
    const graph = JSON.parse(chart.dataset.graph);
    const period = ["since", "until"].filter(k => graph.filters[k]).map(k => `&${k}=${graph.filters[k]}`).join("");
    ew.networkChart(chart, graph, {
      edge: e => { window.location = `/dyads?source=${encodeURIComponent(e.source)}&target=${encodeURIComponent(e.target)}&level=${graph.level}&both=false${period}`; },
      node: d => { window.location = `/events?${graph.level === "country" ? "country" : "source"}=${encodeURIComponent(d.id)}${period}`; },
    });
  }

  /* Document view: a sentence and its events point at each other. */
  function initDocument() {
    const text = document.getElementById("doctext");
    if (!text) return;
    const cards = Array.from(document.querySelectorAll(".events-list .event"));
    const spansFor = i => Array.from(text.querySelectorAll("[data-events]")).filter(s => s.dataset.events.split(" ").includes(String(i)));
    const clear = () => document.querySelectorAll(".hl").forEach(n => n.classList.remove("hl"));
    text.addEventListener("mouseover", ev => {
      const span = ev.target.closest("[data-events]");
      if (!span) return;
      clear();
      span.dataset.events.split(" ").forEach(i => cards[Number(i)] && cards[Number(i)].classList.add("hl"));
    });
    const select = card => {
      clear();
      card.classList.add("hl");
      const spans = spansFor(card.dataset.index);
      spans.forEach(s => s.classList.add("hl"));
      if (spans.length) spans[0].scrollIntoView({ behavior: "smooth", block: "center" });
    };
    cards.forEach(card => card.addEventListener("click", () => select(card)));
    const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (target && target.classList.contains("event")) select(target);
  }

  // an invented wire story with the usual noise (dateline, a subscription prompt)
  const EXAMPLE = "BRUSSELS, March 3 - The European Union imposed new sanctions on Russia on Thursday. " +
    "Russian officials accused the bloc of hostility. Germany promised economic aid to Ukraine, " +
    "and the French foreign minister met his Ukrainian counterpart in Paris.\n\nSubscribe now for unlimited access.";

  function initTry() {
    const form = document.getElementById("try-form");
    if (!form) return;
    const example = document.getElementById("try-example");
    example.hidden = false;
    example.addEventListener("click", () => {
      document.getElementById("try-text").value = EXAMPLE;
      form.querySelector("input[name=date]").value = "2022-03-03";
    });
    // the first text loads the language model, which takes a few seconds: say so
    form.addEventListener("submit", () => {
      const button = document.getElementById("try-submit");
      button.disabled = true;
      button.textContent = "Coding…";
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    initTimeline(); initDyad(); initNetwork(); initDocument(); initTry();
  });
})();

// The weft status page: polls /api/status once a second and draws one card per service.
// No framework, no build step; the charts are hand-made SVG paths.
"use strict";

const POLL_MS = 1000;
const SVG = "http://www.w3.org/2000/svg";
const BAD_CAUSES = new Set(["handshake_failed", "auth_failed", "protocol_error", "handler_error",
  "io_error", "limit", "slow_consumer", "read_timeout", "write_timeout"]);
let token = sessionStorage.getItem("weft-token") || tokenFromHash();

function tokenFromHash() {
  const m = location.hash.match(/token=([^&]+)/);
  if (!m) return null;
  history.replaceState(null, "", location.pathname); // keep the token out of the address bar
  sessionStorage.setItem("weft-token", decodeURIComponent(m[1]));
  return decodeURIComponent(m[1]);
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
}

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? Math.round(n) : n.toFixed(n < 10 ? 2 : 1)) + " " + units[i];
}
const rate = n => bytes(n) + "/s";
const count = n => n >= 1e6 ? (n / 1e6).toFixed(2) + "M" : n >= 1e4 ? (n / 1e3).toFixed(1) + "k" : String(n);

function duration(s) {
  const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

function ago(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

// A small area/line chart: series = [{values, cls, fill}], drawn on a shared y scale.
function chart(series, maxHint) {
  const W = 400, H = 64, pad = 3;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const n = Math.max(2, ...series.map(s => s.values.length));
  const max = Math.max(maxHint || 0, ...series.flatMap(s => s.values), 1e-9);
  for (let g = 1; g < 4; g++) {
    const line = document.createElementNS(SVG, "line");
    const y = (H * g / 4).toFixed(1);
    Object.entries({ x1: 0, x2: W, y1: y, y2: y, stroke: "#21262d", "stroke-width": 1 })
      .forEach(([k, v]) => line.setAttribute(k, v));
    svg.append(line);
  }
  for (const s of series) {
    const vals = s.values;
    if (vals.length === 0) continue;
    const x = i => (W * (n - vals.length + i) / (n - 1)).toFixed(1);
    const y = v => (H - pad - (H - 2 * pad) * v / max).toFixed(1);
    const pts = vals.map((v, i) => `${x(i)},${y(v)}`).join(" L");
    if (s.fill) {
      const area = document.createElementNS(SVG, "path");
      area.setAttribute("d", `M${x(0)},${H} L${pts} L${x(vals.length - 1)},${H} Z`);
      area.setAttribute("fill", s.fill);
      svg.append(area);
    }
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", "M" + pts);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", s.stroke);
    path.setAttribute("stroke-width", "1.8");
    if (s.dash) path.setAttribute("stroke-dasharray", s.dash); // echo traffic: out lies on in
    path.setAttribute("vector-effect", "non-scaling-stroke");
    svg.append(path);
  }
  return svg;
}

function stat(label, value, field, cls) {
  return el("div", { class: "stat-mini" },
    el("div", { class: "label" }, label),
    el("div", { class: "value " + (cls || ""), "data-field": field }, value));
}

// A proxy's backends: state in color, open connections, bytes, failures, last health checks.
function backendTable(list) {
  const head = el("tr", {}, ...["backend", "state", "open", "to / from", "fails", "health"].map(h => el("th", {}, h)));
  const rows = list.map(b => {
    const fails = b.connectFailures + b.healthFailures;
    const checks = el("span", { class: "hist" }, ...b.health.map(h =>
      el("i", { class: h.ok ? "ok" : "fail", title: `${h.ok ? "ok" : h.detail} \u00b7 ${h.tookMillis} ms` })));
    return el("tr", { "data-backend": b.name, "data-backend-state": b.state, title: b.address },
      el("td", { class: "mono" }, b.name + (b.backup ? " (backup)" : "")),
      el("td", {}, el("span", { class: "bstate " + b.state }, b.state)),
      el("td", { class: "num" }, count(b.active)),
      el("td", { class: "num" }, `${bytes(b.bytesOut)} / ${bytes(b.bytesIn)}`),
      el("td", { class: "num" + (fails ? " bad" : ""), title: `${b.connectFailures} connect, ${b.healthFailures} health, ${b.ejections} ejections` }, count(fails)),
      el("td", {}, checks));
  });
  return el("table", { class: "backends", "data-field": "backends" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

const unhealthy = b => b.state === "down" || b.state === "ejected";

function card(s, now) {
  const down = s.state !== "listening";
  const primaries = (s.backends || []).filter(b => !b.backup);
  const noPrimary = primaries.length > 0 && primaries.every(unhealthy);
  const cls = s.state === "starting" ? "card starting" : down || s.rejecting || noPrimary ? "card bad" : "card";
  const c = el("article", { class: cls, "data-service": s.name, "data-state": s.state,
    "data-rejecting": String(s.rejecting) });
  const head = el("div", { class: "head" },
    el("span", { class: "dot" }), el("span", { class: "name" }, s.name),
    el("span", { class: "badge" }, s.type));
  if (s.tls) head.append(el("span", { class: "badge tls" }, "TLS"));
  head.append(el("span", { class: "state", "data-field": "state" }, s.rejecting && !down ? "rejecting" : s.state));
  c.append(head, el("div", { class: "addr mono" }, s.address || "not bound yet"));
  if (s.rejecting) {
    const why = Object.entries(s.rejectedByReason).map(([k, v]) => `${k} \u00d7${v}`).join(", ");
    c.append(el("div", { class: "alert" }, "Rejecting connections: " + why));
  } else if (down) {
    c.append(el("div", { class: "alert" }, s.state === "draining" ? "Draining: not accepting" : "Not listening"));
  } else if (noPrimary) {
    const backups = s.backends.some(b => b.backup && b.state === "up");
    c.append(el("div", { class: "alert" }, "Every primary backend is down" + (backups ? ": backups serve" : "")));
  }
  c.append(el("div", { class: "big" },
    stat("open", count(s.active), "active"),
    stat("in", rate(s.bytesInRate), "in-rate", "in"),
    stat("out", rate(s.bytesOutRate), "out-rate", "out")));
  const h = s.history;
  const peak = Math.max(0, ...h.bytesInRate, ...h.bytesOutRate);
  c.append(el("div", { class: "chart" },
    el("div", { class: "chart-title" },
      el("span", {}, el("span", { class: "legend-in" }, "\u25a0 in"), " ", el("span", { class: "legend-out" }, "\u25a0 out"), " bytes/s"),
      el("span", {}, "peak " + rate(peak))),
    chart([
      { values: h.bytesInRate, stroke: "#58a6ff", fill: "rgba(88,166,255,.18)" },
      { values: h.bytesOutRate, stroke: "#bc8cff", dash: "5 4" }])));
  const peakConn = Math.max(0, ...h.active);
  c.append(el("div", { class: "chart" },
    el("div", { class: "chart-title" },
      el("span", {}, el("span", { class: "legend-act" }, "\u25a0 open"), " ", el("span", { class: "legend-rej" }, "\u25a0 rejected/s")),
      el("span", {}, "peak " + count(peakConn) + " open")),
    chart([
      { values: h.active, stroke: "#3fb950", fill: "rgba(63,185,80,.15)" },
      { values: h.rejectRate, stroke: "#f85149" }])));
  c.append(el("div", { class: "counts" },
    stat("accepted", count(s.accepted), "accepted"),
    stat("closed", count(s.closed), "closed"),
    stat("rejected", count(s.rejected), "rejected", s.rejected ? "bad" : "")));
  const totals = el("div", { class: "totals dim", "data-field": "bytes" },
    `total ${bytes(s.bytesIn)} in \u00b7 ${bytes(s.bytesOut)} out`);
  if (s.framesIn || s.framesOut) totals.append(` \u00b7 frames ${count(s.framesIn)} in / ${count(s.framesOut)} out`);
  c.append(totals);
  if (s.backends) c.append(backendTable(s.backends));
  const chips = el("div", { class: "chips", "data-field": "closes" });
  for (const r of s.recentCloses) {
    const kind = BAD_CAUSES.has(r.cause) ? "chip err" : r.cause === "idle_timeout" || r.cause === "shutdown" ? "chip warn" : "chip";
    chips.append(el("span", { class: kind, title: `${r.durationMillis} ms, ${bytes(r.bytesIn)} in, ${bytes(r.bytesOut)} out` },
      `${r.cause} \u00b7 ${ago(now - r.at)}`));
  }
  if (!s.recentCloses.length) chips.append(el("span", { class: "dim" }, "no closes yet"));
  c.append(el("div", { class: "closes" }, el("div", { class: "label" }, "recent closes"), chips));
  return c;
}

function render(st) {
  document.getElementById("version").textContent = st.version;
  document.getElementById("uptime").textContent = duration(st.uptimeSeconds);
  const ready = document.getElementById("ready");
  ready.textContent = st.ready ? "ready" : "not ready";
  ready.className = "pill " + (st.ready ? "pill-ok" : "pill-bad");
  const up = st.services.filter(s => s.state === "listening").length;
  document.getElementById("sum-up").textContent = `${up} / ${st.services.length}`;
  document.getElementById("sum-active").textContent = count(st.services.reduce((a, s) => a + s.active, 0));
  document.getElementById("sum-in").textContent = rate(st.services.reduce((a, s) => a + s.bytesInRate, 0));
  document.getElementById("sum-out").textContent = rate(st.services.reduce((a, s) => a + s.bytesOutRate, 0));
  document.getElementById("updated").textContent = "updated " + new Date(st.now).toLocaleTimeString();
  document.getElementById("cards").replaceChildren(...st.services.map(s => card(s, st.now)));
}

function showError(text) {
  const e = document.getElementById("error");
  e.textContent = text;
  e.hidden = !text;
  if (text) {
    const ready = document.getElementById("ready");
    ready.textContent = "unreachable";
    ready.className = "pill pill-bad";
  }
}

async function poll() {
  try {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    const res = await fetch("/api/status", { headers, cache: "no-store" });
    if (res.status === 401) {
      document.getElementById("login").hidden = false;
      showError(token ? "The token was refused." : "");
      return;
    }
    if (!res.ok) throw new Error("HTTP " + res.status);
    document.getElementById("login").hidden = true;
    showError("");
    render(await res.json());
  } catch (e) {
    showError("Cannot reach the admin endpoint: " + e.message);
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

document.getElementById("login").addEventListener("submit", ev => {
  ev.preventDefault();
  token = document.getElementById("token").value.trim();
  sessionStorage.setItem("weft-token", token);
});

poll();

// The mobmock console. Plain JavaScript, no build step, nothing fetched from
// anywhere but the mock that serves it.
"use strict";

const $ = (id) => document.getElementById(id);
let config = { auth: "off", admin: false, adminToken: false, strict: false };
let examples = [];

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// call fetches from the mock; an unreachable server shows the banner and
// throws, so that no view pretends to have data.
async function call(path, opts) {
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    offline(true);
    throw e;
  }
  offline(false);
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = text; }
  return { status: res.status, headers: res.headers, body, text };
}

function offline(on) {
  const b = $("offline");
  b.hidden = !on;
  if (on) b.textContent = proxy()
    ? "The proxy at " + location.origin + " is not answering. Start it again (mobmock proxy) and retry; nothing on this page is lost."
    : "The mock at " + location.origin + " is not answering. Start it again (mobmock serve) and retry; nothing on this page is lost.";
}

function tenant() { return $("tenant").value.trim(); }

// proxy says the page is served by mobmock proxy, which has traffic but no
// state of its own: its Traffic view lists every exchange it judged.
function proxy() { return config.mode === "proxy"; }

// apiHeaders are the headers the APIs need: the tenant, client_id and, when
// auth is required, the bearer token.
function apiHeaders(json) {
  const h = { "Accept": "application/json", "X-TNGO-TENANT": tenant(), "client_id": $("clientId").value.trim() };
  if (json) h["Content-Type"] = "application/json";
  const tok = $("token").value.trim();
  if (tok) h["Authorization"] = "Bearer " + tok;
  return h;
}

// viewHeaders are the headers of the Traffic and State views: the admin
// token when it is filled in (it shows every tenant), else the tenant's
// bearer token (a mock started with --admin-token shows a tenant's traffic
// and state only to either).
function viewHeaders() {
  return Object.assign(apiHeaders(false), adminHeaders());
}

function adminHeaders() {
  const h = {};
  const tok = $("adminToken").value.trim();
  if (tok) h["Authorization"] = "Bearer " + tok;
  return h;
}

function showError(where, r) {
  const items = (r.body && r.body.errors) || [];
  where.innerHTML = '<p class="invalid">' + r.status + ": " +
    (items.length ? items.map((e) => esc(e.message) + (e.hint ? ' <span class="hint">' + esc(e.hint) + "</span>" : "")).join(" ") : esc(r.text)) + "</p>";
}

// ---- views and navigation ----

const views = ["validate", "traffic", "state", "contract"];

function route() {
  const home = proxy() ? "traffic" : "validate";
  const [view, sub] = (location.hash.slice(1) || home).split("/");
  const v = views.includes(view) && !(proxy() && view === "state") ? view : home;
  for (const name of views) {
    $("view-" + name).hidden = name !== v;
    const a = $("nav-" + name);
    if (name === v) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (v === "traffic") loadTraffic();
  if (v === "state") loadState();
  if (v === "contract") loadContract(sub || "mobproc");
}

// ---- Validate ----

// locate parses JSON text and returns, for each JSON pointer, the line its
// value starts on (1-based); it stops quietly at the first syntax error.
function locate(text) {
  const lines = {};
  let i = 0, line = 1;
  const ws = () => { while (i < text.length && " \t\r\n".includes(text[i])) { if (text[i] === "\n") line++; i++; } };
  const str = () => {
    let out = ""; i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") { out += JSON.parse('"' + text.slice(i, text[i + 1] === "u" ? i + 6 : i + 2) + '"'); i += text[i + 1] === "u" ? 6 : 2; }
      else { out += text[i]; i++; }
    }
    i++;
    return out;
  };
  const tok = (k) => String(k).replace(/~/g, "~0").replace(/\//g, "~1");
  const value = (ptr) => {
    ws();
    lines[ptr] = line;
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws(); if (text[i] !== '"') throw 0;
        const k = str(); ws(); if (text[i] !== ":") throw 0; i++;
        value(ptr + "/" + tok(k)); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return; }
        throw 0;
      }
    } else if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (let n = 0; ; n++) {
        value(ptr + "/" + n); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return; }
        throw 0;
      }
    } else if (c === '"') { str(); }
    else { const m = /^(true|false|null|-?[0-9][0-9.eE+-]*)/.exec(text.slice(i)); if (!m) throw 0; i += m[0].length; }
  };
  try { value(""); } catch (e) { /* the problems list says what is wrong */ }
  return lines;
}

// lineOf finds the line of a pointer, or of its nearest parent that exists
// (a missing field is marked on the object that lacks it).
function lineOf(lines, ptr) {
  let p = ptr;
  for (;;) {
    if (p in lines) return lines[p];
    if (p === "") return 1;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

let lastReport = null;

async function validate() {
  const text = $("payload").value;
  const q = "?api=" + $("api").value + "&strict=" + $("mode").value;
  let r;
  try { r = await call("/__validate" + q, { method: "POST", headers: { "Content-Type": "application/json" }, body: text }); }
  catch (e) { return; }
  if (r.status !== 200) { showError($("verdict"), r); return; }
  const rep = r.body;
  lastReport = rep;
  const errs = rep.problems.filter((p) => p.severity === "error").length;
  const warns = rep.problems.length - errs;
  const what = [rep.api && (rep.api === "mobproc" ? "MOBPROC" : "Mobile"), rep.type].filter(Boolean).join(" ");
  $("verdict").innerHTML = rep.valid
    ? '<p class="valid" id="verdictText">Valid' + (what ? " " + esc(what) : "") + " payload (" + rep.mode + ")" + (warns ? ", with " + warns + " warning(s)" : "") + ".</p>"
    : '<p class="invalid" id="verdictText">Not valid (' + rep.mode + "): " + errs + " error(s)" + (warns ? ", " + warns + " warning(s)" : "") + ".</p>";
  const lines = locate(text);
  $("problems").innerHTML = rep.problems.map((p, n) => {
    const ln = lineOf(lines, p.pointer);
    return '<li class="problem" data-line="' + ln + '"><span class="sev-' + p.severity + '">' + p.severity + "</span> " +
      '<button class="link ptr" type="button" data-n="' + n + '" title="Show line ' + ln + '">' + esc(p.pointer || "(body)") + "</button> (line " + ln + "): " +
      esc(p.message) + (p.hint ? '<br><span class="hint">Hint: ' + esc(p.hint) + "</span>" : "") +
      (p.discrepancy ? ' <a href="#contract/register/' + esc(p.discrepancy) + '">register ' + esc(p.discrepancy) + "</a>" : "") + "</li>";
  }).join("");
  for (const b of $("problems").querySelectorAll("button.ptr")) {
    b.addEventListener("click", () => selectLine(Number(b.closest("li").dataset.line)));
  }
  const bad = new Map();
  for (const p of rep.problems) { const ln = lineOf(lines, p.pointer); if (bad.get(ln) !== "bad") bad.set(ln, p.severity === "error" ? "bad" : "warnl"); }
  $("marked").innerHTML = rep.problems.length ? text.split("\n").map((l, n) => {
    const cls = bad.get(n + 1);
    const row = '<span class="ln">' + (n + 1) + "</span>" + esc(l);
    return cls ? '<span class="' + cls + '">' + row + "</span>" : row + "\n";
  }).join("") : "";
}

// selectLine moves the caret to a line of the payload and selects it.
function selectLine(n) {
  const ta = $("payload");
  const ls = ta.value.split("\n");
  let start = 0;
  for (let k = 0; k < n - 1 && k < ls.length; k++) start += ls[k].length + 1;
  ta.focus();
  ta.setSelectionRange(start, start + (ls[n - 1] || "").length);
  const lh = parseFloat(getComputedStyle(ta).lineHeight) || 18;
  ta.scrollTop = Math.max(0, (n - 4) * lh);
}

async function send() {
  const text = $("payload").value;
  let payload;
  try { payload = JSON.parse(text); } catch (e) { $("sendResult").innerHTML = '<p class="invalid">The payload is not JSON; validate it first.</p>'; return; }
  const mobile = payload && typeof payload === "object" && "activity" in payload;
  const path = mobile ? "/1/activities" : "/mobproc/v1/orders" + ($("confirmMode").checked ? "?confirm=true" : "");
  let r;
  try { r = await call(path, { method: "POST", headers: apiHeaders(true), body: text }); } catch (e) { return; }
  const ok = r.status < 300;
  const label = ok ? (path.includes("confirm=true") ? "Confirmed" : "Accepted") : "Refused";
  $("sendResult").innerHTML = '<p id="sendStatus" class="' + (ok ? "valid" : "invalid") + '">' + label + ": POST " + esc(path) + " answered " + r.status +
    (r.headers.get("X-Request-Id") ? " (request " + esc(r.headers.get("X-Request-Id")) + ")" : "") + ".</p><pre>" +
    esc(typeof r.body === "string" ? r.body : JSON.stringify(r.body, null, 2)) + "</pre>";
}

async function loadExamples() {
  let r;
  try { r = await call("/__console/examples"); } catch (e) { return; }
  examples = (r.body && r.body.examples) || [];
  // The proxy has no examples of its own: paste or upload a payload.
  if (!examples.length) { $("example").closest("label").hidden = true; return; }
  const groups = { mobproc: "MOBPROC: 12 transaction types", mobile: "Mobile: 31 activity types" };
  const sel = $("example");
  for (const api of ["mobproc", "mobile"]) {
    const g = document.createElement("optgroup");
    g.label = groups[api];
    examples.forEach((e, n) => {
      if (e.api !== api) return;
      const o = document.createElement("option");
      o.value = String(n);
      o.textContent = e.type + " (" + e.name + ")";
      g.appendChild(o);
    });
    sel.appendChild(g);
  }
}

// ---- Traffic ----

let trafficRows = [];

async function loadTraffic() {
  const q = new URLSearchParams({ tenant: tenant() });
  if ($("fStatus").value) q.set("status", $("fStatus").value);
  if ($("fApi").value) q.set("api", $("fApi").value);
  let r;
  try { r = await call("/__console/traffic?" + q, { headers: viewHeaders() }); } catch (e) { return; }
  if (r.status !== 200) { showError($("traffic"), r); return; }
  trafficRows = r.body.requests;
  if (!trafficRows.length) { $("traffic").innerHTML = '<p class="note">' + (proxy() ? "No exchanges through the proxy yet." : "No requests for tenant " + esc(tenant()) + " yet.") + "</p>"; $("trafficDetail").innerHTML = ""; return; }
  $("traffic").innerHTML = '<table><thead><tr><th class="hide-narrow">Time</th><th>Request</th><th>Status</th><th>Problems</th></tr></thead><tbody>' +
    trafficRows.map((x, n) => {
      const probs = (x.errors || []).length + (x.warnings || []).length;
      const first = (x.errors || [])[0] || (x.warnings || [])[0];
      return '<tr tabindex="0" data-n="' + n + '"><td class="hide-narrow">' + esc(new Date(x.time).toLocaleTimeString()) + "</td><td>" +
        esc(x.method + " " + x.path + (x.query ? "?" + x.query : "")) + '</td><td class="s' + String(x.status)[0] + '">' + x.status + "</td><td>" +
        (probs ? esc(kind(first) + first.message) + (probs > 1 ? " (+" + (probs - 1) + ")" : "") : "") + "</td></tr>";
    }).join("") + "</tbody></table>";
  for (const tr of $("traffic").querySelectorAll("tbody tr")) {
    const open = () => showExchange(Number(tr.dataset.n), tr);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  }
}

// kind names the class and code of a proxy's violation ("response
// undocumented-status "); the mock's problems have none.
function kind(p) { return p.class ? p.class + " " + p.code + " " : ""; }

function pretty(body) {
  if (!body) return "";
  try { return JSON.stringify(JSON.parse(body), null, 2); } catch (e) { return body; }
}

function headersText(h) { return Object.entries(h || {}).map(([k, v]) => k + ": " + v).join("\n"); }

function showExchange(n, tr) {
  for (const r of $("traffic").querySelectorAll("tr.sel")) r.classList.remove("sel");
  tr.classList.add("sel");
  const x = trafficRows[n];
  const probs = (x.errors || []).map((e) => '<li><span class="sev-error">error</span> ' + esc(kind(e)) + '<span class="ptr">' + esc(e.pointer || e.parameter || "") + "</span> " + esc(e.message) + (e.hint ? ' <span class="hint">Hint: ' + esc(e.hint) + "</span>" : "") + "</li>")
    .concat((x.warnings || []).map((w) => '<li><span class="sev-warning">warning</span> ' + esc(kind(w)) + '<span class="ptr">' + esc(w.pointer || w.parameter || "") + "</span> " + esc(w.message) + (w.discrepancy ? " (register " + esc(w.discrepancy) + ")" : "") + "</li>"));
  const req = x.request || {}, res = x.response || {};
  $("trafficDetail").innerHTML = '<h3 id="exchangeTitle">' + esc(x.method + " " + x.path) + " → " + x.status + ' <span class="note">request ' + esc(x.requestId) + "</span></h3>" +
    (probs.length ? '<ol class="problems">' + probs.join("") + "</ol>" : "") +
    "<h4>Request</h4><pre>" + esc(x.method + " " + x.path + (x.query ? "?" + x.query : "") + "\n" + headersText(req.headers) + "\n\n" + pretty(req.body)) + "</pre>" +
    "<h4>Response</h4><pre>" + esc(x.status + "\n" + headersText(res.headers) + "\n\n" + pretty(res.body)) + "</pre>";
  $("trafficDetail").scrollIntoView({ block: "nearest" });
}

// ---- State ----

let stateData = null;

async function loadState() {
  $("resetBtn").hidden = !config.admin;
  $("adminNote").textContent = config.admin
    ? "Advance moves an order or activity one step through its lifecycle; Reset forgets everything this tenant did (both use the admin API)."
    : "The admin API is off on this mock, so lifecycles cannot be advanced or the tenant reset from here: start it with mobmock serve --admin (or --advance 30s to move them on a timer).";
  let r;
  try { r = await call("/__console/state?tenant=" + encodeURIComponent(tenant()), { headers: viewHeaders() }); } catch (e) { return; }
  if (r.status !== 200) { showError($("state"), r); return; }
  stateData = r.body;
  const orders = stateData.orders.map((b) => b.order || b);
  const acts = stateData.activities.map((b) => b.activity || b);
  const adv = (kind, id) => config.admin ? '<button type="button" class="adv" data-kind="' + kind + '" data-id="' + esc(id) + '">Advance</button>' : "";
  $("state").innerHTML =
    "<h3>Orders (" + orders.length + ")</h3>" + (orders.length ? "<table><thead><tr><th>Order</th><th>Type</th><th>Status</th><th></th></tr></thead><tbody>" +
      orders.map((o, n) => '<tr tabindex="0" data-kind="order" data-n="' + n + '"><td>' + esc(o.orderId) + "</td><td>" + esc(o.transactionType || "") + '</td><td class="status">' + esc(o.status || "") + "</td><td>" + adv("order", o.orderId) + "</td></tr>").join("") +
      "</tbody></table>" : '<p class="note">No orders yet.</p>') +
    "<h3>Activities (" + acts.length + ")</h3>" + (acts.length ? "<table><thead><tr><th>Activity</th><th>Type</th><th>State</th><th></th></tr></thead><tbody>" +
      acts.map((a, n) => '<tr tabindex="0" data-kind="activity" data-n="' + n + '"><td>' + esc(a.id) + "</td><td>" + esc(a.activity_type_id) + '</td><td class="status">' + esc(a.state || "") + "</td><td>" + adv("activity", a.id) + "</td></tr>").join("") +
      "</tbody></table>" : '<p class="note">No activities yet.</p>');
  for (const tr of $("state").querySelectorAll("tbody tr")) {
    const open = () => showRecord(tr.dataset.kind, Number(tr.dataset.n), tr);
    tr.addEventListener("click", (e) => { if (!e.target.closest("button")) open(); });
    tr.addEventListener("keydown", (e) => { if (e.target === tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); open(); } });
  }
  for (const b of $("state").querySelectorAll("button.adv")) {
    b.addEventListener("click", () => advance(b.dataset.kind, b.dataset.id));
  }
}

let openRecord = null;

async function showRecord(kind, n, tr) {
  for (const r of $("state").querySelectorAll("tr.sel")) r.classList.remove("sel");
  if (tr) tr.classList.add("sel");
  openRecord = { kind, n };
  const body = kind === "order" ? stateData.orders[n] : stateData.activities[n];
  const rec = body.order || body.activity || body;
  let html = "<h3>" + (kind === "order" ? "Order " + esc(rec.orderId) : "Activity " + esc(rec.id)) + "</h3><pre>" + esc(JSON.stringify(body, null, 2)) + "</pre>";
  if (kind === "order") {
    const segs = (rec.orderSegments && rec.orderSegments.items) || [];
    for (const s of segs) {
      const href = s._meta && s._meta.hrefHistory;
      if (!href) continue;
      let r;
      try { r = await call(href, { headers: apiHeaders(false) }); } catch (e) { return; }
      const items = (r.body && r.body.history && r.body.history.items) || [];
      html += '<h4>History of segment ' + esc(s.orderSegmentId) + ' (<span class="histCount">' + items.length + "</span> entries)</h4><ol>" +
        items.map((h) => "<li>" + esc(h.status) + (h.description ? ": " + esc(h.description) : "") + (h.date ? ' <span class="note">' + esc(h.date) + "</span>" : "") + "</li>").join("") + "</ol>";
    }
  }
  $("stateDetail").innerHTML = html;
}

async function advance(kind, id) {
  let r;
  try { r = await call("/__admin/tenants/" + encodeURIComponent(tenant()) + "/advance?" + kind + "=" + encodeURIComponent(id), { method: "POST", headers: adminHeaders() }); } catch (e) { return; }
  if (r.status !== 200) { showError($("stateDetail"), r); return; }
  const keep = openRecord;
  await loadState();
  if (keep) {
    const tr = $("state").querySelector('tr[data-kind="' + keep.kind + '"][data-n="' + keep.n + '"]');
    await showRecord(keep.kind, keep.n, tr);
  }
}

async function resetTenant() {
  if (!confirm("Forget every order and activity of tenant " + tenant() + "?")) return;
  let r;
  try { r = await call("/__admin/tenants/" + encodeURIComponent(tenant()) + "/reset", { method: "POST", headers: adminHeaders() }); } catch (e) { return; }
  if (r.status !== 200) { showError($("stateDetail"), r); return; }
  $("stateDetail").innerHTML = "";
  loadState();
}

// ---- Contract ----

async function loadContract(which) {
  const out = $("contract");
  const [kind, anchor] = [which, location.hash.split("/")[2]];
  if (kind === "register") {
    let r;
    try { r = await call("/__console/register"); } catch (e) { return; }
    out.innerHTML = "<h3>Where the documents disagree (" + r.body.entries.length + " entries)</h3>" + r.body.entries.map((e) =>
      '<details class="op" id="reg-' + esc(e.id) + '"' + (e.id === anchor ? " open" : "") + "><summary><strong>" + esc(e.id) + "</strong> " + esc(e.title) + ' <span class="note">(' + esc(e.api) + ", " + esc(e.kind) + ")</span></summary>" +
      "<p>The documents say:</p><ul>" + e.says.map((s) => "<li>" + esc(s) + "</li>").join("") + "</ul><p><strong>Decision:</strong> " + esc(e.decision) + "</p><p><strong>Why:</strong> " + esc(e.why) + "</p></details>").join("");
    if (anchor) { const d = document.getElementById("reg-" + anchor); if (d) d.scrollIntoView(); }
    return;
  }
  const api = kind === "mobile" ? "mobile" : "mobproc";
  let r;
  try { r = await call("/__console/openapi/" + api); } catch (e) { return; }
  const doc = r.body;
  let html = "<h3>" + esc(doc.info.title) + " " + esc(doc.info.version) + '</h3><p class="note">Rendered from <a href="/openapi/' + api + '.yaml">/openapi/' + api + ".yaml</a>. Base: " + esc((doc.servers || []).map((s) => s.url).join(", ")) + "</p>";
  for (const [p, item] of Object.entries(doc.paths || {}).sort()) {
    for (const m of ["get", "post", "put", "patch", "delete"]) {
      const o = item[m];
      if (!o) continue;
      const params = (item.parameters || []).concat(o.parameters || []).map((x) => x.$ref ? resolve(doc, x.$ref) : x);
      html += '<details class="op"><summary><span class="m">' + m.toUpperCase() + "</span> " + esc(p) + ' <span class="note">' + esc(o.summary || o.operationId || "") + "</span></summary>" +
        (o.description ? "<p>" + esc(o.description) + "</p>" : "") +
        (params.length ? "<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr></thead><tbody>" + params.map((x) =>
          "<tr><td>" + esc(x.name) + "</td><td>" + esc(x.in) + "</td><td>" + (x.required ? "yes" : "") + "</td><td>" + esc(x.description || "") + "</td></tr>").join("") + "</tbody></table>" : "") +
        (o.requestBody ? "<p><strong>Body:</strong> " + esc(bodyRef(o.requestBody)) + "</p>" : "") +
        "<p><strong>Responses:</strong> " + Object.entries(o.responses || {}).map(([c, v]) => esc(c) + " " + esc((v && v.description) || "")).join("; ") + "</p></details>";
    }
  }
  out.innerHTML = html;
}

function resolve(doc, ref) {
  return ref.replace(/^#\//, "").split("/").reduce((v, k) => (v ? v[k.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc) || {};
}

function bodyRef(rb) {
  const c = rb.content && (rb.content["application/json"] || Object.values(rb.content)[0]);
  const s = c && c.schema;
  return s ? (s.$ref || s.title || "JSON") : "JSON";
}

// ---- start ----

async function start() {
  $("example").addEventListener("change", () => {
    const e = examples[Number($("example").value)];
    if (!e) return;
    $("payload").value = JSON.stringify(e.body, null, 2);
    $("api").value = e.api;
    validate();
  });
  $("upload").addEventListener("change", async () => {
    const f = $("upload").files[0];
    if (!f) return;
    $("payload").value = await f.text();
    validate();
  });
  $("validateBtn").addEventListener("click", validate);
  $("payload").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); validate(); } });
  $("sendBtn").addEventListener("click", send);
  $("trafficBtn").addEventListener("click", loadTraffic);
  $("fStatus").addEventListener("change", loadTraffic);
  $("fApi").addEventListener("change", loadTraffic);
  $("stateBtn").addEventListener("click", loadState);
  $("resetBtn").addEventListener("click", resetTenant);
  $("signinBtn").addEventListener("click", signIn);
  window.addEventListener("hashchange", route);
  const saved = JSON.parse(localStorage.getItem("mobmock.console") || "{}");
  for (const k of ["tenant", "clientId"]) if (saved[k]) $(k).value = saved[k];
  for (const k of ["tenant", "clientId"]) $(k).addEventListener("change", () => {
    localStorage.setItem("mobmock.console", JSON.stringify({ tenant: $("tenant").value, clientId: $("clientId").value }));
  });
  try {
    const r = await call("/__console/config");
    if (r.status === 200) config = r.body;
  } catch (e) { /* the banner says so */ }
  $("tokenLabel").hidden = $("signin").hidden = config.auth !== "required";
  $("adminTokenLabel").hidden = !config.adminToken;
  if (proxy()) {
    // Nothing here is sent to the target, and the proxy keeps no state.
    for (const id of ["nav-state", "sendRow", "sendResult", "who"]) $(id).hidden = true;
    $("trafficNote").textContent = "Every exchange the proxy forwarded to " + config.target + " (all tenants), newest first, with the violations it found. Select one to see it in full.";
  }
  await loadExamples();
  route();
  // Notice when the server comes back (or goes away) without a reload.
  setInterval(() => { call("/__console/config").catch(() => {}); }, 5000);
}

async function signIn() {
  const form = new URLSearchParams({ grant_type: "password", username: $("username").value, password: $("password").value });
  let r;
  try { r = await call("/oauth/token", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "X-TNGO-TENANT": tenant() }, body: form }); } catch (e) { return; }
  if (r.status === 200 && r.body.access_token) $("token").value = r.body.access_token;
  else alert("No token: " + ((r.body && r.body.errors && r.body.errors[0] && r.body.errors[0].message) || r.status));
}

start();

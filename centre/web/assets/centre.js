// The centre's page: logs in, polls the halls every 5 s, reads the
// figures, the halls' alerts, complaints and bookings and the overdue
// lists, and exports the figures as CSV. Every
// datum is the centre API's (docs/centre.md).
"use strict";

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("centre-token") || "";
let timer = 0;

async function api(path, opts = {}) {
  const headers = Object.assign({ Authorization: "Bearer " + token }, opts.headers || {});
  const res = await fetch("/centre/api/" + path, Object.assign({}, opts, { headers }));
  if (res.status === 401 && path !== "login") {
    logout();
    throw new Error("请先登录");
  }
  if (!res.ok) {
    let msg = res.statusText;
    try { msg = (await res.json()).error.message; } catch (e) { /* not JSON */ }
    throw new Error(msg);
  }
  return res;
}

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  tr.appendChild(td);
  return td;
}

function badge(td, text, cls) {
  const s = document.createElement("span");
  s.className = "badge " + cls;
  s.textContent = text;
  td.appendChild(s);
}

function fill(table, rows, draw) {
  const body = $(table).querySelector("tbody");
  body.replaceChildren();
  for (const r of rows || []) {
    const tr = document.createElement("tr");
    draw(tr, r);
    body.appendChild(tr);
  }
  if (!rows || rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(tr, "无");
    td.colSpan = $(table).querySelectorAll("th").length;
    body.appendChild(tr);
  }
}

function minutes(s) {
  if (s < 60) return s + " 秒";
  return Math.round(s / 60) + " 分钟";
}

async function loadHalls() {
  const halls = await (await api("halls")).json();
  fill("halls", halls, (tr, h) => {
    tr.dataset.hall = h.id;
    const l = h.live;
    if (h.stale || !l) tr.className = "stale";
    cell(tr, h.name + " (" + h.id + ")");
    const st = cell(tr, "");
    if (h.revoked) badge(st, "已吊销", "bad");
    else if (!l) badge(st, "从未上报", "warn");
    else if (h.stale) badge(st, "离线 · 最后已知 " + Math.max(1, Math.round(h.age_s / 60)) + " 分钟前", "warn");
    else badge(st, l.open ? "在线 · 办公中" : "在线 · 非办公时间", "ok");
    cell(tr, l ? String(l.waiting) : "—", "num");
    cell(tr, l ? String(l.windows_open) : "—", "num");
    cell(tr, l ? minutes(l.longest_wait_s) : "—", "num");
    // open_alerts is absent from halls that do not report it (older halld).
    const oa = cell(tr, "", "num");
    if (!l || l.open_alerts === undefined) oa.textContent = "—";
    else badge(oa, String(l.open_alerts), l.open_alerts > 0 ? "bad" : "ok");
    const al = cell(tr, "");
    for (const a of (l && l.alerts) || []) badge(al, a.message, "bad");
    const link = cell(tr, "");
    if (h.ingest_error) badge(link, "入库受阻：" + h.ingest_error, "bad");
    else badge(link, "滞后 " + h.lag + " 条", h.lag > 500 ? "warn" : "ok");
  });
  $("halls-updated").textContent = "更新于 " + new Date().toLocaleTimeString("zh-CN");
}

// The period is the centre's (its clock, the halls' time zone), not the
// browser's.
function figuresQuery() {
  return "period=" + $("period").value + "&by=" + $("by").value;
}

async function loadFigures() {
  const f = await (await api("figures?" + figuresQuery())).json();
  $("period-label").textContent = f.from === f.to ? f.from : f.from + " 至 " + f.to;
  fill("figures", f.rows, (tr, r) => {
    cell(tr, r.hall_name);
    cell(tr, r.key || "—");
    cell(tr, String(r.issued), "num");
    cell(tr, String(r.served), "num");
    cell(tr, String(r.no_show), "num");
    cell(tr, minutes(r.avg_wait_s), "num");
    cell(tr, minutes(r.max_wait_s), "num");
    cell(tr, minutes(r.avg_service_s), "num");
    cell(tr, String(r.rated), "num");
    cell(tr, r.rated ? (100 * r.good / r.rated).toFixed(1) + "%" : "—", "num");
    cell(tr, String(r.bad), "num");
    cell(tr, String(r.rated - r.active), "num");
    const names = { keypad: "评价器", tablet: "平板", qr: "扫码", web: "网页" };
    cell(tr, Object.entries(r.channels || {}).map(([c, n]) => (names[c] || c) + " " + n).join(" · ") || "—");
  });
}

const ruleNames = { wait: "等候超时", queue: "排队过长", paused: "暂停超时", unstaffed: "窗口无人", case_card: "办件预警" };

async function loadSupervision() {
  const f = await (await api("supervision?period=" + $("period").value)).json();
  $("supervision-label").textContent = f.from === f.to ? f.from : f.from + " 至 " + f.to;
  fill("supervision", f.rows, (tr, r) => {
    tr.dataset.hall = r.hall;
    cell(tr, r.hall_name);
    let raised = 0, acked = 0;
    const byRule = {};
    for (const d of r.alert_days) {
      raised += d.raised;
      acked += d.acked;
      byRule[d.rule] = (byRule[d.rule] || 0) + d.raised;
    }
    const rt = cell(tr, String(raised), "num");
    rt.title = Object.entries(byRule).map(([k, n]) => (ruleNames[k] || k) + " " + n).join(" · ");
    cell(tr, String(acked), "num");
    cell(tr, String(r.open_alerts), r.open_alerts > 0 ? "num warn" : "num");
    const c = r.complaints, b = r.bookings;
    cell(tr, String(c.open), "num");
    cell(tr, String(c.overdue), c.overdue > 0 ? "num warn" : "num");
    cell(tr, String(c.concluded), "num");
    cell(tr, String(c.upheld), "num");
    cell(tr, String(b.booked), "num");
    cell(tr, String(b.checked_in), "num");
    cell(tr, String(b.no_shows), "num");
    cell(tr, String(b.cancelled), "num");
  });
}

async function loadOverdue() {
  const fu = await (await api("followups/overdue")).json();
  fill("followups", fu, (tr, f) => {
    cell(tr, f.hall_name);
    cell(tr, f.number);
    cell(tr, f.service);
    cell(tr, f.window ? f.window + "号" : "—");
    cell(tr, ["", "非常不满意", "不满意"][f.level] || String(f.level));
    cell(tr, { open: "待回访", verified: "已回访", rectifying: "整改中" }[f.state] || f.state);
    cell(tr, f.due);
    cell(tr, String(f.days_late), "num");
  });
  const cs = await (await api("cases/overdue")).json();
  fill("cases", cs, (tr, c) => {
    cell(tr, c.hall_name);
    cell(tr, c.number);
    cell(tr, c.service_name || c.service);
    cell(tr, c.department || "—");
    cell(tr, { accepted: "已受理", processing: "办理中" }[c.state] || c.state);
    cell(tr, c.due);
    cell(tr, String(c.days_late), "num");
  });
}

async function refresh() {
  try {
    await loadHalls();
  } catch (e) {
    $("halls-updated").textContent = "刷新失败：" + e.message;
  }
}

async function downloadCSV() {
  const res = await api("figures.csv?" + figuresQuery());
  const blob = await res.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  a.download = m ? m[1] : "centre.csv";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function start(name) {
  $("login").hidden = true;
  $("main").hidden = false;
  $("logout").hidden = false;
  $("who").textContent = name || "";
  refresh();
  loadFigures().catch((e) => { $("period-label").textContent = e.message; });
  loadSupervision().catch((e) => { $("supervision-label").textContent = e.message; });
  loadOverdue().catch(() => {});
  clearInterval(timer);
  timer = setInterval(() => {
    refresh();
    loadFigures().catch(() => {});
    loadSupervision().catch(() => {});
  }, 5000);
}

function logout() {
  token = "";
  sessionStorage.removeItem("centre-token");
  clearInterval(timer);
  $("main").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    $("login-error").textContent = "";
    try {
      const res = await api("login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: $("login-id").value, pin: $("login-pin").value }),
      });
      const s = await res.json();
      token = s.token;
      sessionStorage.setItem("centre-token", token);
      sessionStorage.setItem("centre-name", s.name);
      start(s.name);
    } catch (e) {
      $("login-error").textContent = e.message;
    }
  });
  $("logout").addEventListener("click", logout);
  $("period").addEventListener("change", () => {
    loadFigures().catch(() => {});
    loadSupervision().catch(() => {});
  });
  $("by").addEventListener("change", () => loadFigures().catch(() => {}));
  $("csv").addEventListener("click", () => downloadCSV().catch((e) => { $("period-label").textContent = e.message; }));
  if (token) start(sessionStorage.getItem("centre-name"));
});

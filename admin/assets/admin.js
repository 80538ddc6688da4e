// The supervisors' and admins' console. See package admin for what it is.
// This module logs in and out, switches the tabs and feeds the sections
// the event stream; each section is its own module.
import { call, Stream } from "/assets/halld.js";
import { $, api, keep, say, session, isAdmin } from "./session.js";
import * as devices from "./devices.js";
import * as stats from "./stats.js";
import * as followups from "./followups.js";
import * as cases from "./cases.js";
import * as holidays from "./holidays.js";
import * as tokens from "./tokens.js";
import * as alerts from "./alerts.js";
import * as supervision from "./supervision.js";
import * as attendance from "./attendance.js";
import * as complaints from "./complaints.js";
import * as audit from "./audit.js";
import * as assessment from "./assess.js";
import * as bookings from "./bookings.js";
import * as guides from "./guides.js";
import * as sms from "./sms.js";
import "./backup.js";

const ROLES = { supervisor: "值班长", admin: "管理员" };
const CLERK = `此页面仅供值班长和管理员使用；窗口工作人员请使用<a href="/terminal/">窗口终端</a>`;

// Each tab's loader; admin-only tabs are marked in the page (data-role).
const tabs = {
  devices: devices.load, stats: stats.load, followups: followups.load, cases: cases.load,
  holidays: holidays.load, tokens: tokens.load, backup: async () => {},
  alerts: alerts.load, supervision: supervision.load, attendance: attendance.load,
  complaints: complaints.load, audit: audit.load,
  assess: assessment.load,
  bookings: bookings.load, guides: guides.load,
  sms: sms.load,
};

// ---- login ----------------------------------------------------------------

async function login() {
  say($("login-error"), "");
  const body = { staff: $("staff").value.trim(), pin: $("pin").value, window: 0 };
  let r;
  try {
    r = await call("POST", "/api/v1/login", body);
  } catch (e) {
    // A clerk must log in at a window: the server asks for one.
    if (e.code === "window_required") $("login-error").innerHTML = CLERK;
    else say($("login-error"), e.message);
    return;
  }
  $("pin").value = "";
  if (!ROLES[r.role]) {
    await call("POST", "/api/v1/logout", undefined, r.token).catch(() => {});
    $("login-error").innerHTML = CLERK;
    return;
  }
  keep(r.token);
  await enter();
}

function showLogin(msg) {
  keep(null);
  session.me = null;
  stream.stop();
  $("console").hidden = true;
  $("login").hidden = false;
  say($("login-error"), msg || "");
  $("staff").focus();
}
session.onExpired = () => showLogin("登录已失效，请重新登录");

async function enter() {
  try {
    session.me = await call("GET", "/api/v1/session", undefined, session.token);
  } catch (e) {
    showLogin(e.code === "session_invalid" ? "" : e.message);
    return;
  }
  if (!ROLES[session.me.role]) {
    showLogin("");
    $("login-error").innerHTML = CLERK;
    return;
  }
  try {
    session.hall = await call("GET", "/api/v1/hall");
  } catch (e) {
    say($("login-error"), e.message); // the token is kept: reloading tries again
    return;
  }
  $("title").textContent = `${session.hall.name} · 管理台`;
  $("me").textContent = `${session.me.name}（${ROLES[session.me.role]}）`;
  for (const el of document.querySelectorAll("[data-role=admin]")) el.hidden = !isAdmin();
  $("login").hidden = true;
  $("console").hidden = false;
  stream.start();
  // The badges and the holiday banner need every section once.
  await Promise.allSettled(["devices", "followups", "cases", "holidays", "alerts", "supervision", "complaints"].map((t) => tabs[t]()));
  show(location.hash.slice(1));
}

// ---- tabs -----------------------------------------------------------------

function allowed(name) {
  if (!Object.hasOwn(tabs, name)) return false; // also keeps odd addresses out of the selector
  const link = document.querySelector(`#tabs [data-tab="${name}"]`);
  return link && (link.dataset.role !== "admin" || isAdmin());
}

async function show(name) {
  if (!session.me) return;
  if (!allowed(name)) name = "devices";
  for (const a of document.querySelectorAll("#tabs [data-tab]")) a.setAttribute("aria-selected", String(a.dataset.tab === name));
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
  alertLine("");
  try {
    await tabs[name]();
  } catch (e) {
    if (e.code !== "session_invalid") alertLine(e.message);
  }
}

// alertLine shows a failure to load a tab (the network, the server).
function alertLine(msg) {
  $("page-error").textContent = msg || "";
  $("page-error").hidden = !msg;
}

window.addEventListener("hashchange", () => show(location.hash.slice(1)));
// A click on the open tab reloads it (no hashchange then).
$("tabs").addEventListener("click", (ev) => {
  const a = ev.target.closest("[data-tab]");
  if (a && location.hash === "#" + a.dataset.tab) show(a.dataset.tab);
});

// ---- wiring ---------------------------------------------------------------

$("login").addEventListener("submit", (ev) => { ev.preventDefault(); login(); });
$("logout").addEventListener("click", async () => {
  try {
    await api("POST", "/api/v1/logout");
  } catch (e) { /* the token is dropped here either way */ }
  showLogin("已退出");
});

// Devices, follow-ups and cases stay live from the committed events.
const stream = new Stream({
  onHall: (hall) => { session.hall = hall; },
  // Supervisors and admins get every event, the stream authenticated by
  // the session's token (a subprotocol, never the URL).
  token: () => session.token,
  onDenied: () => { if (session.token) api("GET", "/api/v1/session").catch(() => {}); },
  onStatus: (ok) => { $("offline").hidden = ok; },
  onEvent: (ev) => {
    if (!session.me) return;
    devices.onEvent(ev);
    followups.onEvent(ev);
    cases.onEvent(ev);
    alerts.onEvent(ev);
    supervision.onEvent(ev);
    attendance.onEvent(ev);
    complaints.onEvent(ev);
    bookings.onEvent(ev);
  },
});
window.halldAdmin = { stream }; // tests simulate a network blip with stream.drop()

call("GET", "/api/v1/hall").then((h) => { $("hall-name").textContent = `${h.name} · 管理台`; }).catch(() => {});
if (session.token) enter();

// The hall big screen. See package screen for what it shows and how a
// screen is configured (?windows=, ?services=, ?notice=, ?voice=off).
import { call, Stream, HallClock, fmtClock, fmtDate, esc } from "/assets/halld.js";
import { Announcer } from "./announcer.js";
import { CaseBoard } from "./cases.js";

const $ = (id) => document.getElementById(id);
const RECENT_MAX = 8;
const FLASH_MS = 6000;

// ---- configuration from the URL --------------------------------------------

const params = new URLSearchParams(location.search);
function listParam(name) {
  const v = params.get(name);
  if (!v) return null;
  const items = v.split(",").map((s) => s.trim()).filter(Boolean);
  return items.length ? items : null;
}
const onlyWindows = listParam("windows")?.map(Number).filter((n) => Number.isInteger(n) && n > 0) || null;
const onlyServices = listParam("services");
const voiceOn = params.get("voice") !== "off";
// ?case_page=N: seconds each page of the case board stays (1–120, default 10).
const casePageS = Math.min(120, Math.max(1, Number(params.get("case_page")) || 10));

// showsWindow: this screen displays (and announces for) the window.
function showsWindow(w) {
  if (onlyWindows && !onlyWindows.includes(w.number)) return false;
  if (onlyServices && !(w.services || []).some((s) => onlyServices.includes(s))) return false;
  return true;
}

function showsCall(ticket, w) {
  return showsWindow(w) && (!onlyServices || onlyServices.includes(ticket.service));
}

// showsCase: the case board lists the cases of the windows shown (a case
// without a window only on an unfiltered screen) and of the services shown.
function showsCase(c) {
  if (onlyWindows && !onlyWindows.includes(c.window)) return false;
  return !onlyServices || onlyServices.includes(c.service);
}

// ---- state -----------------------------------------------------------------

const state = {
  hall: null,
  windows: new Map(), // number → window view, in hall order
  services: [],
  recent: [], // {id, number, window}
  clock: new HallClock(),
  maxAgeMs: 180000,
  connects: 0,
  connected: false,
  configured: false,
};

async function loadConfig() {
  try {
    const t0 = Date.now();
    const r = await fetch("/screen/config.json", { cache: "no-store" });
    const cfg = await r.json();
    const t1 = Date.now();
    state.clock.sync(cfg.now, t0, t1);
    state.maxAgeMs = cfg.announce_max_age_s * 1000;
    announcer.repeats = cfg.repeats || 2;
    state.configNotice = cfg.notice || "";
    setNotice(params.get("notice") || state.hallNotice || state.configNotice);
    state.configured = true;
  } catch (e) {
    // halld unreachable: keep what we have, try again on the next connect
  }
}

const serverNow = () => new Date(state.clock.ms());
const hallTime = () => state.clock.now();

// ---- rendering -------------------------------------------------------------

function windowState(w) {
  if (w.state === "closed") return { cls: "closed", label: "未开放" };
  if (w.state === "paused") return { cls: "paused", label: "暂停服务", reason: w.pause_reason };
  if (w.current && w.current.state === "called") return { cls: "called", label: "已叫号" };
  if (w.current && w.current.state === "serving") return { cls: "serving", label: "办理中" };
  return { cls: "idle", label: "空闲" };
}

function renderWindows() {
  const shown = [...state.windows.values()].filter(showsWindow);
  const n = Math.max(shown.length, 1);
  const rows = n <= 5 ? 1 : n <= 10 ? 2 : n <= 18 ? 3 : 4;
  const ol = $("windows");
  ol.style.setProperty("--rows", rows);
  ol.style.setProperty("--cols", Math.ceil(n / rows));
  ol.style.setProperty("--s", rows <= 2 ? 1 : rows === 3 ? 0.8 : 0.62);
  ol.innerHTML = shown.map((w) => {
    const st = windowState(w);
    const ticket = w.current && st.cls !== "closed" ? w.current.number : "—";
    return `<li class="${st.cls}" data-window="${w.number}">` +
      `<div class="w-num">${w.number}号窗口</div>` +
      `<div class="w-name">${esc(w.name)}</div>` +
      `<div class="w-ticket">${esc(ticket)}</div>` +
      `<div class="w-state">${st.label}</div>` +
      (st.reason ? `<div class="w-reason">${esc(st.reason)}</div>` : "") +
      `</li>`;
  }).join("");
}

function shownServices() {
  const all = state.services;
  if (onlyServices) return all.filter((s) => onlyServices.includes(s.id));
  if (onlyWindows) {
    const served = new Set([...state.windows.values()].filter(showsWindow).flatMap((w) => w.services || []));
    return all.filter((s) => served.has(s.id));
  }
  return all;
}

function renderWaiting() {
  const list = shownServices();
  const ul = $("waiting");
  const cols = list.length <= 3 ? 1 : list.length <= 6 ? 2 : 3;
  const rows = Math.ceil(list.length / cols);
  ul.style.setProperty("--wcols", cols);
  ul.style.setProperty("--s", rows <= 3 ? 1 : Math.max(0.6, 3 / rows));
  ul.innerHTML = list.map((s) =>
    `<li data-service="${esc(s.id)}">${esc(s.name)}<b class="n">${s.waiting}</b>人</li>`).join("");
}

function renderRecent() {
  $("recent").innerHTML = state.recent.map((c) =>
    `<li><b>${esc(c.number)}</b><span>${c.window}号窗口</span></li>`).join("");
}

let flashTimer = 0;
function renderLatest(flash) {
  const c = state.recent[0];
  $("latest-number").textContent = c ? c.number : "—";
  $("latest-window").textContent = c ? `请到${c.window}号窗口` : "请留意叫号";
  if (!flash) return;
  const el = $("latest");
  el.classList.remove("flash");
  void el.offsetWidth; // restart the animation
  el.classList.add("flash");
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => el.classList.remove("flash"), FLASH_MS);
}

// fit scales the 1920×1080 layout to the window, centred.
function fit() {
  const k = Math.min(innerWidth / 1920, innerHeight / 1080);
  const x = (innerWidth - 1920 * k) / 2, y = (innerHeight - 1080 * k) / 2;
  document.body.style.transform = k === 1 ? "" : `translate(${x}px, ${y}px) scale(${k})`;
}

function tick() {
  const now = hallTime();
  $("date").textContent = fmtDate(now);
  $("clock").textContent = fmtClock(now);
  setTimeout(tick, 1000 - (now.getTime() % 1000) + 5);
}

function setNotice(text) {
  const el = $("notice");
  el.textContent = text;
  // About 5 characters a second, whatever the length.
  el.style.setProperty("--dur", `${Math.max(15, [...text].length / 5 + 10)}s`);
}

// ---- events ----------------------------------------------------------------

function applyHall(hall, withWindows) {
  state.hall = hall;
  $("hall-name").textContent = hall.name;
  document.title = `${hall.name} · 叫号大屏`;
  state.services = hall.services;
  // the notice an admin or the hall's centre set wins over the configured one
  state.hallNotice = hall.notice || "";
  if (state.hallNotice && !params.get("notice")) setNotice(state.hallNotice);
  if (withWindows) {
    state.windows = new Map(hall.windows.map((w) => [w.number, w]));
    renderWindows();
  }
  renderWaiting();
}

// Devices that need staff (not ok, not a mere warning), by id. Applicants
// see only what it means for them, in plain words: no device ids, no
// faults (staff see those on /admin/ and the terminal).
const devices = new Map();
const plainWords = {
  printer: "取号机暂停出票", led_board: "部分显示屏维护中", led_bus: "部分显示屏维护中",
  speaker: "语音播报暂停，请留意屏幕", button: "取号按键维护中", keypad: "评价器维护中",
  idcard: "刷身份证取号暂停，请点击业务取号",
};

// The notice lists them in plainWords' order, not in the order reports
// arrived: at start the device list and the event stream race, and the
// same faults must read the same.
const kindOrder = Object.keys(plainWords);
const kindRank = (d) => (kindOrder.includes(d.kind) ? kindOrder.indexOf(d.kind) : kindOrder.length);

function noteDevice(dev) {
  if (dev.kind === "centre_link") return; // the centre link is staff's business (/admin/), not applicants'
  if (dev.state === "ok" || dev.state === "warning" || dev.state === "paper_near_end") devices.delete(dev.id);
  else devices.set(dev.id, dev);
  const sorted = [...devices.values()].sort((a, b) => kindRank(a) - kindRank(b));
  const words = [...new Set(sorted.map((d) => plainWords[d.kind] || "部分设备维护中"))];
  const el = $("alerts");
  el.textContent = words.length ? `${words.join("，")}，如需帮助请咨询工作人员` : "";
  el.hidden = words.length === 0;
}

async function loadDevices() {
  try {
    for (const dev of await call("GET", "/api/v1/devices")) noteDevice(dev);
  } catch (e) { /* next reconnect tries again */ }
}

function onHall(hall) {
  applyHall(hall, true);
  loadDevices();
  // The hall view has no history: start the recent list from the tickets
  // now called or served at the windows shown, latest first.
  state.recent = hall.windows
    .filter((w) => w.current && w.current.called_at && showsCall(w.current, w))
    .sort((a, b) => Date.parse(b.current.called_at) - Date.parse(a.current.called_at))
    .slice(0, RECENT_MAX)
    .map((w) => ({ id: w.current.id, number: w.current.number, window: w.number, fromHall: true }));
  renderRecent();
  renderLatest(false);
  if (!cases.pager) cases.start();
  recallRecent(hall.seq);
  hs.ready = true;
}

// RECALL_EVENTS is how far back in the event log a starting screen looks
// for today's calls (a call is about six events: plenty for RECENT_MAX).
const RECALL_EVENTS = 600;

// recallRecent fills 最近叫号 from the event log up to seq, so a screen
// that starts or reloads shows the last calls, not only the tickets still
// at a window. Calls that arrive meanwhile stay in front.
function recallRecent(seq) {
  if (!seq) return;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/events?since=${Math.max(0, seq - RECALL_EVENTS)}`);
  let past = [];
  let over = false;
  const done = () => {
    if (over) return;
    over = true;
    ws.close();
    // Live calls first, then the log's, then any the hall view had that
    // the log did not reach back to.
    const order = [...state.recent.filter((c) => !c.fromHall), ...past, ...state.recent.filter((c) => c.fromHall)];
    const seen = new Set();
    state.recent = order.filter((c) => !seen.has(c.id) && seen.add(c.id)).slice(0, RECENT_MAX);
    hs.recalled = true;
    renderRecent();
    renderLatest(false);
  };
  const guard = setTimeout(done, 5000);
  ws.onmessage = (m) => {
    const ev = JSON.parse(m.data);
    if (ev.seq > seq) { clearTimeout(guard); done(); return; }
    const d = ev.data || {};
    if (ev.type === "day.closed" || (ev.at && ev.at.slice(0, 10) !== hallDay())) past = []; // today's calls only
    else if ((ev.type === "ticket.called" || ev.type === "ticket.recalled") && d.ticket && d.window && showsCall(d.ticket, d.window)) {
      past = past.filter((c) => c.id !== d.ticket.id);
      past.unshift({ id: d.ticket.id, number: d.ticket.number, window: d.window.number });
      past.length = Math.min(past.length, RECENT_MAX);
    }
    if (ev.seq >= seq) { clearTimeout(guard); done(); }
  };
  ws.onclose = () => { clearTimeout(guard); done(); };
}

function onCall(ev, d) {
  const w = d.window;
  if (!showsCall(d.ticket, w)) return;
  state.recent = state.recent.filter((c) => c.id !== d.ticket.id);
  state.recent.unshift({ id: d.ticket.id, number: d.ticket.number, window: w.number });
  state.recent.length = Math.min(state.recent.length, RECENT_MAX);
  renderRecent();
  renderLatest(true);
  // Replayed after a reconnect: say it only if it is still useful.
  const age = serverNow().getTime() - Date.parse(ev.at);
  if (age <= state.maxAgeMs) {
    announcer.say(d.ticket.number, w.number, ev.type === "ticket.recalled" ? "recall" : "call");
  }
}

function onEvent(ev) {
  const d = ev.data || {};
  if (d.window && state.windows.has(d.window.number)) {
    state.windows.set(d.window.number, d.window);
    renderWindows();
  }
  if ((ev.type === "ticket.called" || ev.type === "ticket.recalled") && d.ticket && d.window) {
    onCall(ev, d);
  }
  if (ev.type === "device.state" && d.device) noteDevice(d.device);
  if (ev.type === "hall.notice" && d.notice) {
    state.hallNotice = d.notice.text;
    setNotice(params.get("notice") || state.hallNotice || state.configNotice || "");
  }
  cases.onEvent(ev);
  if (ev.type === "day.closed") { // the day is over: yesterday's calls go
    state.recent = [];
    renderRecent();
    renderLatest(false);
  }
  if (ev.type.startsWith("ticket.") || ev.type.startsWith("window.") || ev.type === "day.closed") {
    refreshSoon();
  }
}

// The waiting counts are not in the events: reread the hall view shortly
// after a change (coalescing bursts). Its windows replace ours only if no
// newer event has been applied since it was taken.
let refreshTimer = 0;
let refreshing = false;
let refreshAgain = false;
function refreshSoon() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 300);
}

async function refresh() {
  refreshing = true;
  try {
    const r = await fetch("/api/v1/hall", { cache: "no-store" });
    if (r.ok) {
      const hall = await r.json();
      applyHall(hall, hall.seq >= stream.seq);
    }
  } catch (e) {
    // offline: the stream reconnects and triggers another refresh
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      refreshSoon();
    }
  }
}

function onStatus(ok) {
  state.connected = ok;
  $("offline").hidden = ok;
  if (!ok) return;
  state.connects++;
  if (state.connects > 1 || !state.configured) loadConfig();
  if (state.connects > 1) {
    refreshSoon();
    cases.reload();
  }
}

// ---- start -----------------------------------------------------------------

const announcer = new Announcer({
  enabled: voiceOn,
  onBlocked: () => { $("sound-off").hidden = false; },
  onPlayed: (e) => { if (e.via) $("sound-off").hidden = true; },
});
const stream = new Stream({ onHall, onEvent, onStatus });
// The hall's date as "YYYY-MM-DD", for "finished today".
const hallDay = () => {
  const d = hallTime();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const cases = new CaseBoard({
  el: $("cases"), today: hallDay, shows: showsCase, pageMs: casePageS * 1000,
  window: onlyWindows && onlyWindows.length === 1 ? onlyWindows[0] : 0, filtered: !!(onlyWindows || onlyServices),
});

// halldScreen is for tests and for a look from the console.
const hs = { stream, log: announcer.log, announcer, state, cases, ready: false };
window.halldScreen = hs;

// A click (a person at the screen) lets the browser play sound from then
// on even without the autoplay flag.
document.addEventListener("click", () => { $("sound-off").hidden = true; });

setNotice(params.get("notice") || "");
await loadConfig(); // before the stream: its clock decides what is said
fit();
addEventListener("resize", fit);
tick();
stream.start();

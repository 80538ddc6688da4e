// The touch kiosk (取号机). See package kiosk for what it is.
import { call, Stream, HallClock, fmtWait, fmtDate, esc } from "/assets/halld.js";
import { CardWatch } from "/kiosk/card.js";
import { smsOffer, smsPhone, smsClear, smsResult } from "/kiosk/sms.js";

const $ = (id) => document.getElementById(id);
export const kioskID = new URLSearchParams(location.search).get("id") || "";
const kiosk = {
  hall: null,          // last /api/v1/hall
  state: null,         // last /api/v1/kiosks/{id}
  priority: "",        // the chosen priority class, for the next ticket
  busy: false,         // a ticket request is in flight: ignore further taps
  screen: "start",
  idleTimer: 0,
  clock: new HallClock(), // halld's clock in the hall's zone
  card: null,          // the ID card read for the next ticket: {token, masked}
  cards: null,         // the CardWatch, when this kiosk has a reader
};

// ---- screens ----------------------------------------------------------------

export function show(name) {
  kiosk.screen = name;
  for (const s of ["start", "busy", "result", "failed", "checkin", "guide"]) $(s).hidden = s !== name;
  armIdle();
}

function goHome() {
  setPriority("");
  setCard(null);
  smsClear();
  show("start");
  renderServices();
}

// Back to the start after the idle timeout without a touch.
function armIdle() {
  clearTimeout(kiosk.idleTimer);
  const s = (kiosk.state && kiosk.state.idle_timeout_s) || 30;
  if (kiosk.screen === "result" || kiosk.screen === "failed") $("r-idle").textContent = `${s} 秒无操作将自动返回首页`;
  if (kiosk.screen !== "busy") kiosk.idleTimer = setTimeout(goHome, s * 1000);
}
for (const ev of ["pointerdown", "keydown"]) document.addEventListener(ev, () => { if (kiosk.screen !== "busy") armIdle(); }, true);

// ---- the start screen ------------------------------------------------------

const offering = () => kiosk.state && kiosk.state.offers_tickets;
// halld waits for a trustworthy clock before a new day (hall.starting).
const starting = () => !!(kiosk.hall && kiosk.hall.starting);

function capReached(s) { return s.daily_cap > 0 && s.issued_today >= s.daily_cap; }

// renderServices keeps one button per service and updates it in place, so a
// refresh never swallows a tap.
function renderServices() {
  const hall = kiosk.hall;
  if (!hall) return;
  $("starting").hidden = !starting();
  const box = $("services");
  const ids = hall.services.map((s) => s.id).join(",");
  if (box.dataset.ids !== ids) {
    box.dataset.ids = ids;
    box.innerHTML = hall.services.map((s) =>
      `<button class="svc" data-service="${esc(s.id)}">` +
      `<span class="prefix">${esc(s.prefix)}</span><span class="name">${esc(s.name)}</span>` +
      `<span class="dept">${esc(s.department || "")}</span><span class="queue"></span></button>`).join("");
  }
  for (const s of hall.services) {
    const b = box.querySelector(`[data-service="${CSS.escape(s.id)}"]`);
    const full = capReached(s);
    b.querySelector(".queue").innerHTML = full
      ? `<span class="closed">今日号已取完</span>`
      : `等候 <b class="waiting">${s.waiting}</b> 人 · <span class="wait">${s.waiting ? esc(fmtWait(s.wait_estimate_s)) : "无需等候"}</span>`;
    b.disabled = kiosk.busy || !offering() || full || starting();
  }
}

function renderPriorities() {
  const list = (kiosk.state && kiosk.state.priorities) || [];
  $("prio").hidden = list.length === 0;
  const box = $("prio-list");
  const ids = list.map((p) => p.id).join(",");
  if (box.dataset.ids === ids) return;
  box.dataset.ids = ids;
  box.innerHTML = list.map((p) => `<button class="prio-chip" data-priority="${esc(p.id)}" aria-pressed="false">${esc(p.name)}</button>`).join("");
}

function prioName(id) {
  const st = kiosk.state || {};
  // a checked-in appointment's class is not a chip, but names its ticket
  const p = [...(st.priorities || []), ...(st.checkin_priorities || [])].find((x) => x.id === id);
  return p ? p.name : "优先";
}

function setPriority(id) {
  kiosk.priority = id;
  for (const b of document.querySelectorAll(".prio-chip")) b.setAttribute("aria-pressed", String(b.dataset.priority === id));
  // The prompt says it, so the layout does not move.
  $("prompt").textContent = id ? `已选择「${prioName(id)}」优先，请点击业务取号` : "请选择您要办理的业务";
  $("prompt").classList.toggle("chosen", !!id);
}

// ---- the ID card reader ----------------------------------------------------

// setCard shows what the reader read (masked) or the invitation to use it.
function setCard(c) {
  kiosk.card = c && c.token ? c : null;
  const note = $("card-note");
  note.hidden = !(kiosk.state && kiosk.state.card_reader);
  note.classList.toggle("read", !!kiosk.card);
  note.classList.toggle("bad", !!(c && c.error));
  if (kiosk.card) note.textContent = `已读取身份证 ${c.masked}，请选择业务取号`;
  else if (c && c.error) note.textContent = c.error.message;
  else note.textContent = "可将身份证放在读卡区，刷证取号";
}

function onCard(c) {
  // On the 预约签到 screen a card checks its holder's booking in
  // (checkin.js); the token goes to the server, never the number.
  if (kiosk.screen === "checkin" && c && c.token && window.kioskCheckIn) {
    window.kioskCheckIn({ card: c.token });
    return;
  }
  if (kiosk.screen !== "start") goHome(); // a new applicant
  setCard(c);
  armIdle();
}

// ---- kiosk state: printer and banner ----------------------------------------

async function refreshState() {
  try {
    kiosk.state = await call("GET", `/api/v1/kiosks/${encodeURIComponent(kioskID)}`);
  } catch (e) {
    if (e.code === "kiosk_not_found") {
      kiosk.state = null;
      banner(e.message);
      renderServices();
    }
    return; // a network blip: keep the last state, the offline badge shows it
  }
  const st = kiosk.state;
  kiosk.clock.sync(st.now);
  banner(st.offers_tickets ? "" : st.refusal.message);
  const note = $("printer-note");
  note.textContent = st.printer.level === "ok" ? "" : st.printer.message;
  note.className = st.printer.level === "ok" ? "" : "warn";
  renderPriorities();
  smsOffer(st);
  renderServices();
  if (st.card_reader && !kiosk.cards) {
    kiosk.cards = new CardWatch(kioskID, onCard);
    kiosk.cards.start();
    setCard(kiosk.card);
  }
}

function banner(msg) {
  $("banner").textContent = msg;
  $("banner").hidden = !msg;
}

let pollTimer = 0;
function schedulePoll() {
  clearTimeout(pollTimer);
  const ms = (kiosk.state && kiosk.state.status_poll_ms) || 3000;
  pollTimer = setTimeout(async () => {
    await refreshState();
    if (starting()) await loadHall(); // no event says when halld's clock is ready: ask
    schedulePoll();
  }, ms);
}

// ---- taking a ticket -------------------------------------------------------

const failTitles = {
  cap_reached: "今日号已取完", outside_hours: "现在不是取号时间", issue_cutoff: "今日已停止取号",
  hall_closed: "今日不办公", day_closed: "今日已结束办理", duplicate_ticket: "您已取过号", card_gone: "请重新放置身份证",
  printer_unavailable: "暂停取号", bad_id_number: "身份证号码有误", network: "网络中断",
  clock_unsynced: "大厅正在启动", clock_untrusted: "大厅正在启动", bad_phone: "手机号码有误", sms_disabled: "未开通短信提醒",
};
// A printer fault refuses with its own code (docs/api.md, Kiosks).
const printerCodes = ["printer_unavailable", "paper_out", "cover_open", "printer_error", "offline", "unplugged", "print_pending"];
for (const c of printerCodes) failTitles[c] = "暂停取号";

async function take(service) {
  if (kiosk.busy || !offering() || starting()) return; // one tap, one ticket
  const phone = smsPhone();
  if (phone === null) return; // the field says what is wrong
  kiosk.busy = true;
  renderServices();
  show("busy");
  const body = { service };
  if (kiosk.priority) body.priority = kiosk.priority;
  if (kiosk.card) body.card = kiosk.card.token;
  if (phone) body.phone = phone;
  try {
    const r = await call("POST", `/api/v1/kiosks/${encodeURIComponent(kioskID)}/tickets`, body);
    showResult(r);
  } catch (e) {
    $("f-title").textContent = failTitles[e.code] || "暂时无法取号";
    $("f-message").textContent = e.message;
    show("failed");
    if (printerCodes.includes(e.code)) refreshState();
  } finally {
    kiosk.busy = false;
    scheduleHall();
  }
}

// fail shows the failure screen (checkin.js uses it too).
export function fail(title, message) {
  $("f-title").textContent = title;
  $("f-message").textContent = message;
  show("failed");
}

export function showResult(r) {
  const t = r.ticket;
  $("r-service").textContent = t.service_name;
  $("r-number").textContent = t.number;
  $("r-prio").hidden = !t.priority;
  $("r-prio").textContent = t.priority ? `${prioName(t.priority)} 优先` : "";
  $("r-ahead").textContent = t.ahead != null ? `您前面还有 ${t.ahead} 人在等候` : "";
  $("r-wait").textContent = t.wait_estimate_s != null ? `预计等候：${fmtWait(t.wait_estimate_s)}` : "";
  $("r-windows").textContent = t.windows && t.windows.length ? `请留意 ${t.windows.join("、")}号窗口叫号` : "";
  const p = $("r-print");
  if (r.printed) {
    p.textContent = "请取走您的号票";
    p.className = "r-print";
  } else {
    const why = r.print_error && r.print_error.message ? `（${r.print_error.message}）` : "";
    p.textContent = `号票打印失败，请记下您的号码 ${t.number}${why}`;
    p.className = "r-print bad";
  }
  smsResult(r);
  show("result");
}

// ---- the hall: live counts ------------------------------------------------

let hallTimer = 0;
function scheduleHall() {
  clearTimeout(hallTimer);
  hallTimer = setTimeout(loadHall, 250);
}

async function loadHall() {
  try {
    kiosk.hall = await call("GET", "/api/v1/hall");
    renderServices();
  } catch (e) { /* the stream reconnects and reloads */ }
}

function renderHall(h) {
  kiosk.hall = h;
  $("hall-name").textContent = h.name;
  document.title = `${h.name} · 自助取号`;
  renderServices();
}

function tickClock() {
  // halld's clock is the hall's: a kiosk PC's own clock or zone may be off.
  const d = kiosk.clock.now();
  const p = (n) => String(n).padStart(2, "0");
  $("clock-time").textContent = `${p(d.getHours())}:${p(d.getMinutes())}`;
  $("clock-date").textContent = fmtDate(d);
}

// ---- wiring ---------------------------------------------------------------

$("services").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-service]");
  if (b && !b.disabled) take(b.dataset.service);
});
$("prio-list").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-priority]");
  if (b) setPriority(kiosk.priority === b.dataset.priority ? "" : b.dataset.priority);
});
$("r-done").addEventListener("click", goHome);
$("f-back").addEventListener("click", goHome);
document.addEventListener("contextmenu", (ev) => ev.preventDefault()); // long press on a touch screen

async function main() {
  $("kiosk-id").textContent = kioskID ? `取号机 ${kioskID}` : "";
  tickClock();
  setInterval(tickClock, 1000);
  if (!kioskID) {
    banner("未设置取号机编号（网址应为 /kiosk/?id=取号机编号）");
    return;
  }
  await refreshState();
  schedulePoll();
  const stream = new Stream({
    onHall: renderHall,
    onEvent: scheduleHall,
    onStatus: (ok) => {
      $("offline").hidden = ok;
      if (ok) scheduleHall(); // halld may have restarted and be waiting for its clock
    },
  });
  window.kioskStream = stream; // for tests
  stream.start();
  show("start");
}

main();

// The clerk's window terminal. See package terminal for what it is.
import { call, Stream, esc } from "/assets/halld.js";
import { openAccept, acceptOpen } from "./accept.js";
import * as alerts from "./alerts.js";

const $ = (id) => document.getElementById(id);
const state = { hall: null, token: sessionStorage.getItem("halld.token"), session: null, win: null, waiting: [] };

// ---- login ----------------------------------------------------------------

async function loadHall() {
  state.hall = await call("GET", "/api/v1/hall");
  $("hall-name").textContent = state.hall.name + " · 窗口终端";
  const sel = $("window");
  sel.innerHTML = state.hall.windows.map((w) => `<option value="${w.number}">${w.number}号窗口 ${esc(w.name)}</option>`).join("");
  const want = new URLSearchParams(location.search).get("window");
  if (want) sel.value = want;
}

async function login(takeover) {
  $("login-error").textContent = "";
  const body = { staff: $("staff").value.trim(), pin: $("pin").value, window: Number($("window").value), takeover };
  try {
    const r = await call("POST", "/api/v1/login", body);
    state.token = r.token;
    sessionStorage.setItem("halld.token", r.token);
    $("pin").value = "";
    $("takeover-btn").hidden = true;
    await enterDesk();
  } catch (e) {
    $("login-error").textContent = e.message;
    $("takeover-btn").hidden = e.code !== "window_occupied";
  }
}

function showLogin(msg) {
  state.token = null;
  sessionStorage.removeItem("halld.token");
  stream.reauth();
  $("desk").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = msg || "";
  $("staff").focus();
}

async function enterDesk() {
  try {
    state.session = await call("GET", "/api/v1/session", undefined, state.token);
  } catch (e) {
    showLogin(e.code === "session_invalid" ? "" : e.message);
    return;
  }
  if (!state.session.window) {
    showLogin("请选择窗口登录");
    return;
  }
  $("login").hidden = true;
  $("desk").hidden = false;
  alerts.start(state.session, state.token);
  stream.reauth();
  await refresh();
  refreshRating();
}

// ---- the desk -------------------------------------------------------------

const mine = () => state.session && state.session.window;

async function refresh() {
  const hall = await call("GET", "/api/v1/hall");
  state.hall = hall;
  state.win = hall.windows.find((w) => w.number === mine());
  renderWindow();
  await refreshWaiting();
}

async function refreshWaiting() {
  try {
    state.waiting = await call("GET", `/api/v1/windows/${mine()}/waiting`, undefined, state.token);
  } catch (e) {
    return failed(e);
  }
  const list = $("waiting");
  $("waiting-count").textContent = `（${state.waiting.length}）`;
  list.innerHTML = state.waiting.slice(0, 50).map((t) =>
    `<li><b>${esc(t.number)}</b>${t.priority ? `<span class="prio">${esc(prioName(t.priority))}</span>` : ""}` +
    `<span>${esc(t.service_name)}</span><button data-call="${esc(t.id)}">指定叫号</button></li>`).join("");
}

function prioName(id) {
  const p = (state.hall.priorities || []).find((x) => x.id === id);
  return p ? p.name : "优先";
}

const stateNames = { open: "服务中", paused: "暂停服务", closed: "未登录" };

function renderWindow() {
  const w = state.win;
  if (!w) return;
  $("win-title").textContent = `${w.number}号窗口 · ${w.name}`;
  $("win-staff").textContent = w.staff ? `${w.staff.name}（${w.staff.post || "值班"}岗）` : "";
  const st = $("win-state");
  st.textContent = w.state === "paused" ? `暂停服务：${w.pause_reason}` : stateNames[w.state] || w.state;
  st.className = "state " + w.state;
  const t = w.current;
  $("cur-number").textContent = t ? t.number : "—";
  $("cur-info").textContent = t
    ? `${t.service_name} · ${t.state === "serving" ? "办理中" : `已叫号${t.recalls ? `（重呼${t.recalls}次）` : ""}`}${t.priority ? " · " + prioName(t.priority) : ""}`
    : "当前无号";
  $("held").innerHTML = (w.held || []).map((h) =>
    `<li><b>${esc(h.number)}</b><span>${esc(h.service_name)}</span><button data-callback="${esc(h.id)}">回呼</button></li>`).join("");
  const verbs = {
    call: !t && w.state === "open", recall: t && t.state === "called", start: t && t.state === "called",
    finish: t && t.state === "serving", accept: t && t.state === "serving", "no-show": t && t.state === "called", hold: !!t, transfer: !!t, pause: !t,
  };
  for (const b of document.querySelectorAll("[data-verb]")) b.disabled = !verbs[b.dataset.verb];
  tick();
}

// The service timer runs from the start of service (or the call).
function tick() {
  const t = state.win && state.win.current;
  const from = t && (t.started_at || t.called_at);
  if (!from) { $("cur-timer").textContent = ""; return; }
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(from)) / 1000));
  $("cur-timer").textContent = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}
setInterval(tick, 1000);

function say(msg, ok) {
  const m = $("message");
  m.textContent = msg || "";
  m.className = "message" + (ok ? " ok" : "");
}

function failed(e) {
  if (e.code === "session_invalid") {
    showLogin("登录已失效（可能已由他人接班），请重新登录");
    return;
  }
  say(e.message);
}

// act runs one window verb. Verbs run one after another in the order they
// were pressed — a fast clerk's "N" then "S" both count — and the server
// refuses any that no longer fits (a double "N" calls once: window_busy).
let chain = Promise.resolve();
function act(path, body) {
  chain = chain.then(() => run(path, body));
  return chain;
}

async function run(path, body) {
  try {
    const r = await call("POST", `/api/v1/windows/${mine()}/${path}`, body, state.token);
    say(okText(path, r, body), true);
    await refresh();
  } catch (e) {
    failed(e);
  }
}

// okText confirms a verb. Pause and resume answer with the window (whose
// number is the window's, not a ticket's): they confirm the window's state.
function okText(path, t, body) {
  if (path === "pause") return `已暂停服务：${body.reason}`;
  if (path === "resume") return "已恢复服务";
  if (!t || !t.number) return "";
  if (path.startsWith("callback")) return `${t.number} 已回呼`;
  if (path.startsWith("call")) return `${t.number} 已叫号，请到${mine()}号窗口`;
  const done = { recall: "已重呼", start: "开始办理", finish: "已办结", "no-show": t.state === "waiting" ? "过号，已顺延" : "过号",
    hold: "已挂起", transfer: "已转移" }[path];
  return done ? `${t.number} ${done}` : "";
}

// verb runs the named verb; key is the key that asked for it, if any.
async function verb(name, key) {
  const w = state.win;
  if (!w) return;
  switch (name) {
    case "transfer": return transfer();
    case "pause":
      if (w.state === "paused") return act("resume");
      return choose("暂停原因", (state.hall.pause_reasons || []).map((r) => ({ label: r, run: () => act("pause", { reason: r }) })));
    case "finish": return act("finish", { outcome: "handled" });
    case "accept": return accept(key);
    default: return act(name);
  }
}

// accept ends the service as a case (受理): the form asks who it is for
// and the case type; the answer's number is shown to the clerk, who
// writes it on the 受理通知书.
function accept(key) {
  const t = state.win.current;
  if (!t || t.state !== "serving") return;
  openAccept({
    window: mine(), token: state.token, key,
    done: async (v) => {
      say(`${t.number} 已受理，受理编号 ${v.number}`, true);
      await refresh();
    },
    failed: (e) => { failed(e); refresh(); },
  });
}

function transfer() {
  const cur = state.win.current;
  const services = state.hall.services.filter((s) => !cur || s.id !== cur.service)
    .map((s) => ({ label: `转至业务：${s.name}`, run: () => act("transfer", { service: s.id }) }));
  const windows = state.hall.windows.filter((w) => w.number !== mine())
    .map((w) => ({ label: `转至${w.number}号窗口 ${w.name}`, run: () => act("transfer", { window: w.number }) }));
  choose("转移到", services.concat(windows));
}

// choose shows a list picked by its number keys (or the arrow keys and
// Enter, or a click). With more than nine items a number may take two
// digits: "1" waits (on item 1) for a second digit or Enter, "12" picks
// item 12; a digit that no longer number can follow picks at once.
let choices = [];
let typed = "";
function choose(title, items) {
  choices = items;
  typed = "";
  $("choose-title").textContent = title;
  $("choose-list").innerHTML = items.map((it, i) =>
    `<li><button data-choice="${i}"><kbd>${i + 1}</kbd>${esc(it.label)}</button></li>`).join("");
  $("choose").showModal();
  $("choose-list").scrollTop = 0;
  $("choose-list").querySelector("button")?.focus(); // not the scrolling list itself
}

function pick(i) {
  const it = choices[i];
  $("choose").close();
  if (it) it.run();
}

function chooseKey(ev) {
  const buttons = [...$("choose-list").querySelectorAll("button")];
  const at = buttons.indexOf(document.activeElement);
  if (/^[0-9]$/.test(ev.key)) {
    ev.preventDefault();
    const n = Number(typed + ev.key);
    if (n < 1 || n > choices.length) { typed = ""; return; }
    if (n * 10 > choices.length) { typed = ""; pick(n - 1); return; }
    typed = String(n);
    buttons[n - 1].focus();
    return;
  }
  typed = "";
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    ev.preventDefault();
    const next = ev.key === "ArrowDown" ? at + 1 : at < 0 ? -1 : at - 1;
    buttons[(next + buttons.length) % buttons.length].focus();
  } else if (ev.key === "Enter" && at >= 0) {
    ev.preventDefault();
    pick(at);
  }
}

// Enter does what comes next: call, start, finish.
function next() {
  const t = state.win && state.win.current;
  if (!t) return verb("call");
  if (t.state === "called") return verb("start");
  if (t.state === "serving") return verb("finish");
}

// ---- the pending evaluation ---------------------------------------------------
// After a finish, the window's keypad or tablet waits for the applicant's
// rating of that service until the window calls or starts anyone else, the
// rating arrives, or its time runs out; the clerk sees which and until when.

let ratingTimer = 0;
async function refreshRating(expect, tries = 0) {
  clearTimeout(ratingTimer);
  let pads = [];
  try {
    pads = await call("GET", `/api/v1/keypads?window=${mine()}`, undefined, state.token);
  } catch (e) {
    pads = [];
  }
  const p = pads.find((x) => x.armed);
  const el = $("pending-rating");
  if (!p) {
    el.hidden = true;
    // The devices hear of the finish at the same time as we do.
    if (expect && tries < 3) ratingTimer = setTimeout(() => refreshRating(expect, tries + 1), 1000);
    return;
  }
  const until = new Date(p.until);
  el.textContent = `等待评价：${p.number || ""}（评价器，至 ${until.toLocaleTimeString("zh-CN", { hour12: false })}）`;
  el.hidden = false;
  ratingTimer = setTimeout(() => refreshRating(), Math.max(0, until - Date.now()) + 500);
}

// ---- wiring ---------------------------------------------------------------

$("login").addEventListener("submit", (ev) => { ev.preventDefault(); login(false); });
$("takeover-btn").addEventListener("click", () => login(true));
$("logout").addEventListener("click", async () => {
  try {
    await call("POST", "/api/v1/logout", undefined, state.token);
    showLogin("已退出");
  } catch (e) { failed(e); }
});
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button");
  if (!b) return;
  if (b.dataset.verb) verb(b.dataset.verb);
  else if (b.dataset.call) act(`call/${b.dataset.call}`);
  else if (b.dataset.callback) act(`callback/${b.dataset.callback}`);
  else if (b.dataset.choice) pick(Number(b.dataset.choice));
});
document.addEventListener("keydown", (ev) => {
  if ($("desk").hidden || ev.ctrlKey || ev.altKey || ev.metaKey || acceptOpen()) return; // the form takes its own keys
  if ($("choose").open) {
    chooseKey(ev);
    return; // Esc closes the dialog by itself
  }
  if (ev.key === "Enter") { ev.preventDefault(); next(); return; }
  if (ev.key === "Escape") { $("logout").click(); return; }
  const b = document.querySelector(`[data-verb][data-key="${ev.key.toLowerCase()}"]`);
  if (b) { ev.preventDefault(); verb(b.dataset.verb, ev.key.toLowerCase()); }
});

// Events keep the desk live: our window from the event itself, the waiting
// list refetched (debounced) when a ticket moves.
let waitingTimer = null;
const stream = new Stream({
  onStatus: (ok) => { $("offline").hidden = ok; },
  // A supervisor's desk reads its alerts from the stream: it authenticates.
  token: () => state.token,
  onDenied: () => {
    if (state.token) call("GET", "/api/v1/session", undefined, state.token).catch((e) => { if (e.code === "session_invalid") showLogin("登录已失效，请重新登录"); });
  },
  onEvent: (ev) => {
    if (!mine()) return;
    alerts.onEvent(ev);
    const w = ev.data.window;
    if (w && w.number === mine()) {
      if ((ev.type === "window.handover" || ev.type === "window.logout") && ev.data.staff !== state.session.staff) {
        showLogin(`已由${w.staff ? w.staff.name : "他人"}接班`);
        return;
      }
      state.win = w;
      renderWindow();
    }
    if (ev.type === "ticket.evaluated" && ev.data.from_window === mine()) {
      const e = $("evaluation");
      e.textContent = `${ev.data.ticket.number} 评价：${ev.data.evaluation.level_name}`;
      e.hidden = false;
    }
    if (ev.type === "ticket.called" && w && w.number === mine()) $("evaluation").hidden = true;
    const here = (w && w.number === mine()) || ev.data.from_window === mine();
    if (here && /^ticket\.(finished|called|recalled|started|evaluated)$|^window\.logout$/.test(ev.type)) {
      setTimeout(() => refreshRating(ev.type === "ticket.finished"), 200);
    }
    if (ev.data.ticket) {
      clearTimeout(waitingTimer);
      waitingTimer = setTimeout(refreshWaiting, 150);
    }
  },
});
window.halldTerminal = { stream }; // tests simulate a network blip with stream.drop()

await loadHall();
stream.start();
if (state.token) await enterDesk();

// The mobile ticket page (/t/{id}), opened from the QR code on a printed
// ticket. It shows only the ticket's public view: number, service, state,
// queue position and window; never personal data.
import { call, Stream, HallClock, fmtWait, fmtClock } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const ticketID = decodeURIComponent(location.pathname.split("/").pop() || "");
// The key printed in the QR code: only the holder of the paper may rate.
const ticketKey = new URLSearchParams(location.search).get("k") || "";
const badTags = ["态度不好", "业务不熟", "效率不高", "一次性告知不到位", "环境设施不便", "其他"];
const page = { ticket: null, hall: null, timer: 0, wasCalled: false, clock: new HallClock() };

const stateNames = {
  waiting: "等候中", called: "已叫号", serving: "办理中", held: "已挂起",
  done: "已办结", no_show: "已过号", cancelled: "已取消", expired: "已过期",
};
const notes = {
  waiting: "请留意大厅屏幕和广播叫号，叫到您的号时本页会提示。",
  called: "请尽快前往窗口；过号将按大厅规定处理。",
  serving: "正在为您办理。",
  held: "您的号已挂起，请在窗口附近等候回呼。",
  done: "已办结，感谢您的耐心等候。",
  no_show: "您的号已过号，如需办理请重新取号。",
  cancelled: "该号已取消，如需办理请重新取号。",
  expired: "该号已过期（号票仅限当日有效），如需办理请重新取号。",
};

function prioName(id) {
  const p = ((page.hall && page.hall.priorities) || []).find((x) => x.id === id);
  return p ? p.name : "优先";
}

async function load() {
  try {
    page.ticket = await call("GET", `/api/v1/tickets/${encodeURIComponent(ticketID)}`);
  } catch (e) {
    if (e.code === "ticket_not_found") {
      $("loading").hidden = true;
      $("card").hidden = true;
      $("missing").hidden = false;
    }
    return; // network: keep showing the last state; the stream retries
  }
  render();
}

function render() {
  const t = page.ticket;
  if (!t) return;
  $("loading").hidden = true;
  $("missing").hidden = true;
  $("card").hidden = false;
  $("service").textContent = t.service_name;
  $("number").textContent = t.number;
  $("prio").hidden = !t.priority;
  $("prio").textContent = t.priority ? `${prioName(t.priority)} 优先` : "";
  $("state").textContent = stateNames[t.state] || t.state;
  const box = $("call");
  const atWindow = (t.state === "called" || t.state === "serving") && t.window;
  box.hidden = !atWindow;
  if (atWindow) {
    box.innerHTML = t.state === "called" ? `请到<b>${t.window}</b>号窗口办理` : `正在<b>${t.window}</b>号窗口办理`;
    box.className = t.state === "serving" ? "call serving" : "call";
  }
  if (t.state === "called" && !page.wasCalled && navigator.vibrate) navigator.vibrate([300, 150, 300]);
  page.wasCalled = t.state === "called";
  const waiting = t.state === "waiting";
  $("queue").hidden = !waiting;
  if (waiting) {
    $("ahead").textContent = `${t.ahead ?? 0} 人`;
    $("wait").textContent = fmtWait(t.wait_estimate_s);
    $("windows").textContent = t.windows && t.windows.length ? `${t.windows.join("、")}号` : "—";
  }
  const canRate = t.state === "done" && !t.evaluated && ticketKey !== "";
  // Invite a rating only where one can be given: not twice, not without
  // the printed key.
  $("note").textContent = (notes[t.state] || "") + (canRate ? "欢迎对我们的服务作出评价。" : t.state === "done" && t.evaluated && !page.rated ? "您已评价，谢谢！" : "");
  if (!canRate && !page.rated) $("rate").hidden = true;
  if (canRate && $("rate").hidden && !page.rated) $("rate").hidden = false;
  document.title = `${t.number} ${stateNames[t.state] || ""}`;
  // The hall's wall clock, whatever the phone's zone: the zone from the
  // ticket's hall-local times, the moment from this phone (offset 0).
  page.clock.sync(t.issued_at);
  page.clock.offset = 0;
  $("updated").textContent = ` · 更新于 ${fmtClock(page.clock.now())}`;
}

// Rating: a good level is sent at once; a 差评 asks why first.
let level = 0;
async function rate() {
  const tags = [...document.querySelectorAll("#rate-tags [aria-pressed=true]")].map((b) => b.dataset.tag);
  try {
    const r = await call("POST", `/api/v1/tickets/${encodeURIComponent(ticketID)}/evaluation`,
      { key: ticketKey, level, tags, comment: $("rate-comment").value.trim() });
    page.rated = true;
    page.ticket = r;
    $("rate").querySelector(".levels").hidden = true;
    $("rate").querySelector(".rate-q").hidden = true; // the question is answered
    $("rate-why").hidden = true;
    $("rate-msg").textContent = "感谢您的评价！";
    render();
  } catch (e) {
    $("rate-msg").textContent = e.message;
  }
}

document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button");
  if (!b || $("rate").hidden) return;
  if (b.dataset.level) {
    level = Number(b.dataset.level);
    for (const x of document.querySelectorAll("[data-level]")) x.setAttribute("aria-pressed", String(x === b));
    if (level <= 2) {
      $("rate-tags").innerHTML = badTags.map((t) => `<button data-tag="${t}" aria-pressed="false">${t}</button>`).join("");
      $("rate-why").hidden = false;
      return;
    }
    rate();
  } else if (b.dataset.tag) {
    b.setAttribute("aria-pressed", String(b.getAttribute("aria-pressed") !== "true"));
  } else if (b.id === "rate-send") {
    rate();
  }
});

// refetch soon, once, however many events arrive together.
function soon() {
  clearTimeout(page.timer);
  page.timer = setTimeout(load, 200);
}

// An event matters when it is about this ticket, its service's queue, or
// the windows (their opening changes the estimate).
function concerns(ev) {
  const t = page.ticket;
  const et = ev.data && ev.data.ticket;
  if (!t) return true;
  if (et && (et.id === t.id || et.service === t.service)) return true;
  if (ev.data && ev.data.from_service === t.service) return true; // transferred away: one fewer ahead
  return ev.type.startsWith("window.") || ev.type === "day.closed";
}

function main() {
  if (!ticketID) {
    $("loading").hidden = true;
    $("missing").hidden = false;
    return;
  }
  const stream = new Stream({
    onHall: (h) => {
      page.hall = h;
      $("hall-name").textContent = h.name;
      load(); // a full state: after a reconnect, catch up
    },
    onEvent: (ev) => { if (concerns(ev)) soon(); },
    onStatus: (ok) => { $("offline").hidden = ok; },
  });
  window.ticketStream = stream; // for tests
  stream.start();
}

main();

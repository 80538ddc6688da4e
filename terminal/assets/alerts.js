// 预警 on the terminal: a supervisor or admin logged in at a window sees
// the open 超时预警 alerts beside the lists and acknowledges (确认) them;
// clerks see nothing of it (GET /api/v1/alerts refuses them anyway).
import { call, esc } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
let token = null; // while a supervisor's desk is open

export function start(session, tok) {
  const on = session.role === "supervisor" || session.role === "admin";
  token = on ? tok : null;
  $("alerts-panel").hidden = !on;
  document.querySelector(".lists").classList.toggle("with-alerts", on);
  if (on) load();
}

export function onEvent(ev) {
  if (token && ev.type.startsWith("alert.")) {
    clearTimeout(timer);
    timer = setTimeout(load, 200);
  }
}
let timer = 0;

async function load() {
  let b;
  try {
    b = await call("GET", "/api/v1/alerts", undefined, token);
  } catch (e) {
    $("alerts-msg").textContent = e.message;
    return;
  }
  $("alerts-count").textContent = b.open.length ? String(b.open.length) : "";
  $("alerts-list").innerHTML = b.open.map((a) => `<li data-alert="${esc(a.id)}"><span>${esc(a.detail)}</span>` +
    (a.acked_at ? `<small>${esc(a.acked_by)}已确认</small>` : `<button type="button" data-ack="${esc(a.id)}">确认</button>`) + `</li>`).join("") ||
    `<li class="none">当前没有预警</li>`;
}

$("alerts-list").addEventListener("click", async (ev) => {
  const b = ev.target.closest("[data-ack]");
  if (!b || !token) return;
  b.disabled = true;
  try {
    await call("POST", `/api/v1/alerts/${encodeURIComponent(b.dataset.ack)}/ack`, undefined, token);
    $("alerts-msg").textContent = "";
  } catch (e) {
    $("alerts-msg").textContent = e.message;
  }
  load();
});

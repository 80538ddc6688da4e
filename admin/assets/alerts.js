// 预警: the open 超时预警 alerts with a button to acknowledge (确认) each,
// today's history with who acknowledged what and when, and this month's
// counts per rule.
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";
import { stamp, monthStart } from "./format.js";

export const ruleNames = { wait: "等候超时", queue: "排队过长", paused: "暂停超时", unstaffed: "窗口无人", case_card: "办件预警" };

let board = { open: [], today: [], unacked_today: 0 };

export async function load() {
  board = await api("GET", "/api/v1/alerts");
  render();
  const s = await api("GET", `/api/v1/alerts/stats?from=${monthStart(board.day)}&to=${board.day}`);
  renderMonth(s.rows);
}

export function onEvent(ev) {
  if (ev.type.startsWith("alert.")) later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200);
}

const time = (iso) => (iso ? stamp(iso).slice(11) : "—");
const acked = (a) => (a.acked_at ? `${esc(a.acked_by)} ${esc(time(a.acked_at))}确认` : "");

function render() {
  $("alerts-open").innerHTML = board.open.map((a) =>
    `<tr class="${a.acked_at ? "" : "overdue"}" data-alert="${esc(a.id)}"><td>${esc(stamp(a.raised_at))}</td>` +
    `<td>${esc(ruleNames[a.rule] || a.rule)}</td><td class="reason">${esc(a.detail)}</td>` +
    `<td>${a.acked_at ? acked(a) : `<button type="button" data-ack="${esc(a.id)}">确认</button>`}</td></tr>`).join("");
  $("alerts-none").hidden = board.open.length > 0;
  $("alerts-today").innerHTML = board.today.map((a) =>
    `<tr><td>${esc(time(a.raised_at))}</td><td>${esc(ruleNames[a.rule] || a.rule)}</td><td class="reason">${esc(a.detail)}</td>` +
    `<td>${a.cleared_at ? esc(time(a.cleared_at)) + "解除" : "未解除"}</td>` +
    `<td>${a.acked_at ? acked(a) : `<span class="late">未确认</span>`}</td></tr>`).join("");
  $("alerts-today-none").hidden = board.today.length > 0;
  $("alerts-summary").textContent = `今日 ${board.today.length} 条，未确认 ${board.unacked_today} 条`;
  const n = board.open.filter((a) => !a.acked_at).length;
  const badge = $("alert-badge");
  badge.hidden = !n;
  badge.textContent = String(n);
}

function renderMonth(rows) {
  const by = {};
  for (const r of rows) {
    const t = (by[r.rule] ||= { raised: 0, acked: 0, unacked: 0 });
    t.raised += r.raised; t.acked += r.acked; t.unacked += r.unacked;
  }
  $("alerts-month").innerHTML = Object.keys(ruleNames).filter((k) => by[k]).map((k) =>
    `<tr><td>${esc(ruleNames[k])}</td><td>${by[k].raised}</td><td>${by[k].acked}</td><td>${by[k].unacked}</td></tr>`).join("") ||
    `<tr><td colspan="4" class="hint">本月尚无预警</td></tr>`;
}

async function ack(id) {
  try {
    await api("POST", `/api/v1/alerts/${encodeURIComponent(id)}/ack`);
    say($("alerts-msg"), "已确认", true);
  } catch (e) {
    say($("alerts-msg"), e.message);
  }
  await load();
}

$("alerts-open").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-ack]");
  if (b) { b.disabled = true; ack(b.dataset.ack); }
});

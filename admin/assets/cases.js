// 办件: the case board as cards coloured by their 电子监察 warning (red
// overdue, yellow due soon), and a form to move a case to its next state.
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";
import { rate } from "./format.js";

const types = { instant: "即办件", promised: "承诺件", joint: "联办件", reported: "上报件" };
export const stateNames = { accepted: "已受理", processing: "办理中", suspended: "补正中", done: "已办结",
  awaiting_pickup: "待领取", picked_up: "已领取", refused: "不予受理" };
// The moves the engine allows (queue's caseMoves); the server decides.
const moves = {
  accepted: ["processing", "suspended", "done", "refused"],
  processing: ["suspended", "done", "refused"],
  suspended: ["processing", "refused"],
  done: ["awaiting_pickup", "picked_up"],
  awaiting_pickup: ["picked_up"],
};
const OPEN = new Set(["accepted", "processing", "suspended"]);

let board = { cases: [] };
let chosen = null; // number of the case in the form

export async function load() {
  board = await api("GET", "/api/v1/cases" + ($("cases-open").checked ? "?state=open" : ""));
  render();
}

export function onEvent(ev) {
  if (ev.type.startsWith("case.")) later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200);
}

function colour(c) {
  if (c.card) return c.card; // red, yellow
  if (!OPEN.has(c.state)) return "finished";
  return c.paused ? "paused" : "green";
}

function remaining(c) {
  if (!OPEN.has(c.state)) return c.on_time === false ? "超期办结" : c.on_time ? "按期办结" : "";
  if (c.paused) return "暂停计时";
  if (c.remaining == null) return "";
  if (c.remaining === 0) return "今日到期";
  return c.remaining > 0 ? `剩${c.remaining}个工作日` : `超期${-c.remaining}个工作日`;
}

function render() {
  const s = board;
  $("cases-summary").textContent = `今日受理 ${s.accepted_today || 0} 件，今日办结 ${s.completed_today || 0} 件，` +
    `本月按期办结率 ${rate(s.on_time_rate_month)}`;
  $("cases").innerHTML = s.cases.map((c) => {
    const due = c.due ? `期限 ${c.due}${c.provisional ? "（临时）" : ""}` : "";
    return `<button type="button" class="card ${colour(c)}${c.number === chosen ? " chosen" : ""}" data-case="${esc(c.number)}">` +
      `<b>${esc(c.number)}<span class="tag">${esc(types[c.type] || c.type)}</span>${c.urgent ? `<span class="tag urgent">急</span>` : ""}</b>` +
      `<span class="sub">${esc(c.service_name)} · ${esc(c.applicant)}${c.window ? ` · ${c.window}号窗口` : ""}</span>` +
      `<span>${esc(c.state_name)}</span>` +
      `<span class="due">${esc(due)}${due && remaining(c) ? " · " : ""}${esc(remaining(c))}</span></button>`;
  }).join("");
  $("cases-empty").hidden = s.cases.length > 0;
}

function open(number) {
  const c = board.cases.find((x) => x.number === number);
  if (!c) return;
  const next = moves[c.state] || [];
  chosen = number;
  $("cs-number").textContent = number;
  $("cs-now").textContent = `现为「${c.state_name}」`;
  $("cs-state").innerHTML = next.map((s) => `<option value="${s}">${stateNames[s]}</option>`).join("");
  $("cs-save").disabled = !next.length;
  $("cs-note").value = "";
  say($("cs-msg"), next.length ? "" : "此办件已不能变更");
  say($("cs-saved"), "");
  $("case-form").hidden = false;
  render();
}

function close() {
  chosen = null;
  $("case-form").hidden = true;
  render();
}

async function submit() {
  const number = chosen;
  const body = { state: $("cs-state").value };
  const note = $("cs-note").value.trim();
  if (note) body.note = note;
  let v;
  try {
    v = await api("PATCH", `/api/v1/cases/${encodeURIComponent(number)}`, body);
  } catch (e) {
    say($("cs-msg"), e.message);
    return;
  }
  close();
  say($("cs-saved"), `${number} 已变为「${v.state_name}」`, true); // the form is gone: say it here
  await load();
}

$("cases").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-case]");
  if (b) open(b.dataset.case);
});
$("cases-open").addEventListener("change", () => load());
$("case-form").addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
$("cs-cancel").addEventListener("click", close);

// 考勤: the day's board (who punched, late, early, absent, on leave), leave
// entry and withdrawal, and the month's summary with its CSV.
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";
import { dayName } from "./format.js";
import { csv, save } from "./download.js";

const names = { ontime: "正常", late: "迟到", early: "早退", absent: "缺勤", leave: "请假", pending: "未到", rest: "休息" };
let board = null; // the day shown
let months = null; // the month shown

export async function load() {
  await loadDay(); // at first the hall's today, which names the month
  if (!$("att-month").value) $("att-month").value = board.day.slice(0, 7);
  await Promise.all([loadLeaves(), loadMonth()]);
}

export function onEvent(ev) {
  if (ev.type.startsWith("attendance.") && !$("tab-attendance").hidden) later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200);
}

async function loadDay() {
  const day = $("att-day").value;
  board = await api("GET", "/api/v1/attendance" + (day ? `?day=${encodeURIComponent(day)}` : ""));
  $("att-day").value = board.day;
  renderDay();
  fillForm();
}

function cell(m) {
  const t = m.at ? m.at.slice(11, 16) : "";
  let text = names[m.status] || m.status;
  if (m.minutes) text += ` ${m.minutes}分`;
  if (m.status === "leave" && m.kind) text = m.kind;
  if (t) text = `${t} ${text}`;
  return `<td class="att-${esc(m.status)}" data-slot="${esc(m.slot)}">${esc(text)}</td>`;
}

function renderDay() {
  $("att-head").innerHTML = `<tr><th>工作人员</th>${board.slots.map((s) => `<th>${esc(s.name)}<br><small>${esc(s.at)}</small></th>`).join("")}</tr>`;
  $("att-rows").innerHTML = board.rows.map((r) =>
    `<tr data-staff="${esc(r.staff)}"><td>${esc(r.name)}（${esc(r.staff)}）</td>${r.marks.map(cell).join("")}</tr>`).join("");
  const count = (st) => board.rows.reduce((n, r) => n + r.marks.filter((m) => m.status === st).length, 0);
  $("att-summary").textContent = `${dayName(board.day)}${board.workday ? "" : "（非工作日）"}：迟到 ${count("late")}，早退 ${count("early")}，缺勤 ${count("absent")}，请假 ${count("leave")}`;
}

// fillForm fills the leave form's lists from the board (once).
function fillForm() {
  if ($("att-leave-staff").options.length) return;
  $("att-leave-staff").innerHTML = board.rows.map((r) => `<option value="${esc(r.staff)}">${esc(r.name)}（${esc(r.staff)}）</option>`).join("");
  $("att-leave-kind").innerHTML = board.leave_kinds.map((k) => `<option>${esc(k)}</option>`).join("");
  $("att-leave-slots").innerHTML = "<legend>时段</legend>" + board.slots.map((s) =>
    `<label class="check"><input type="checkbox" value="${esc(s.id)}" checked> ${esc(s.name)}</label>`).join("");
  $("att-leave-from").value = $("att-leave-to").value = board.day;
}

async function loadLeaves() {
  const m = $("att-month").value || $("att-day").value.slice(0, 7);
  const list = await api("GET", `/api/v1/attendance/leave?from=${m}-01&to=${m}-31`);
  const slotName = (id) => (board ? (board.slots.find((s) => s.id === id) || {}).name || id : id);
  $("att-leaves").innerHTML = list.map((l) =>
    `<tr class="${l.cancelled ? "cancelled" : ""}"><td>${esc(l.id)}</td><td>${esc(l.staff)}</td><td>${esc(l.kind)}</td>` +
    `<td>${esc(l.from)}${l.to !== l.from ? " 至 " + esc(l.to) : ""}</td>` +
    `<td>${l.slots && l.slots.length ? esc(l.slots.map(slotName).join("、")) : "全天"}</td><td>${esc(l.by)}</td>` +
    `<td>${l.cancelled ? "已撤销" : "有效"}</td>` +
    `<td>${l.cancelled ? "" : `<button type="button" data-cancel="${esc(l.id)}">撤销</button>`}</td></tr>`).join("");
  $("att-leaves-empty").hidden = list.length > 0;
}

async function loadMonth() {
  const r = await api("GET", `/api/v1/attendance/month?month=${encodeURIComponent($("att-month").value)}`);
  months = r;
  $("att-months").innerHTML = r.staff.map((s) =>
    `<tr data-staff="${esc(s.staff)}"><td>${esc(s.name)}（${esc(s.staff)}）</td><td>${s.workdays}</td>` +
    `<td>${s.late} / ${s.late_days}</td><td>${s.early} / ${s.early_days}</td><td>${s.absent} / ${s.absent_days}</td>` +
    `<td>${esc(leaveText(s.leave_days))}</td></tr>`).join("");
  say($("att-month-msg"), "");
}

const leaveText = (d) => Object.entries(d || {}).map(([k, n]) => `${k}${n}`).join("、") || "0";

function downloadMonth() {
  if (!months) return;
  const rows = [["工号", "姓名", "月份", "出勤日", "迟到次数", "迟到天数", "早退次数", "早退天数", "缺勤时段", "缺勤天数", "请假"]];
  for (const s of months.staff) {
    rows.push([s.staff, s.name, s.month, s.workdays, s.late, s.late_days, s.early, s.early_days, s.absent, s.absent_days, leaveText(s.leave_days)]);
  }
  save(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }), `考勤_${months.month}.csv`);
}

async function addLeave() {
  const slots = [...$("att-leave-slots").querySelectorAll("input:checked")].map((i) => i.value);
  if (!slots.length) {
    say($("att-leave-msg"), "请至少选择一个时段");
    return;
  }
  const body = {
    staff: $("att-leave-staff").value, kind: $("att-leave-kind").value, from: $("att-leave-from").value,
    to: $("att-leave-to").value, slots, note: $("att-leave-note").value.trim(),
  };
  try {
    const l = await api("POST", "/api/v1/attendance/leave", body);
    say($("att-leave-msg"), `已登记 ${l.id}`, true);
    $("att-leave-note").value = "";
  } catch (e) {
    say($("att-leave-msg"), e.message);
    return;
  }
  await load();
}

$("att-day-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadDay().catch((e) => say($("att-summary"), e.message)); });
$("att-month-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  Promise.all([loadMonth(), loadLeaves()]).catch((e) => say($("att-month-msg"), e.message));
});
$("att-month-csv").addEventListener("click", downloadMonth);
$("att-leave-form").addEventListener("submit", (ev) => { ev.preventDefault(); addLeave(); });
$("att-leaves").addEventListener("click", async (ev) => {
  const b = ev.target.closest("[data-cancel]");
  if (!b) return;
  try {
    await api("POST", `/api/v1/attendance/leave/${encodeURIComponent(b.dataset.cancel)}/cancel`);
  } catch (e) {
    say($("att-leave-msg"), e.message);
    return;
  }
  await load();
});

// 差评回访: the open follow-ups of 不满意/非常不满意 evaluations with their
// deadlines (overdue in red), and a form to record a step with a note.
import { esc } from "/assets/halld.js";
import { $, api, say, serviceName } from "./session.js";
import { stamp } from "./format.js";
import { fromFollowUp } from "./complaints.js";

export const stateNames = { open: "待回访", verified: "已回访核实", rectifying: "整改中", closed: "已整改反馈" };
// The steps a follow-up may take next (closing early is allowed).
const moves = { open: ["verified", "closed"], verified: ["rectifying", "closed"], rectifying: ["closed"] };

let list = [];
let chosen = null; // ticket id of the follow-up in the form

export async function load() {
  list = await api("GET", "/api/v1/followups");
  render();
}

export function onEvent(ev) {
  if (ev.type === "followup.opened" || ev.type === "followup.updated") later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200); // a burst of events, one fetch
}

// staffName: "张伟（w3）" as the statistics name staff; the 工号 alone
// for one no longer in the hall's file.
const staffName = (f) => (f.staff_name ? `${f.staff_name}（${f.staff}）` : f.staff || "—");

function render() {
  $("followups").innerHTML = list.map((f) => {
    const due = f.state === "open" ? "verify" : "close";
    const late = (which) => (f.overdue && due === which ? ` class="late"` : "");
    return `<tr class="${f.overdue ? "overdue" : ""}${f.ticket === chosen ? " chosen" : ""}" data-ticket="${esc(f.ticket)}">` +
      `<td><b>${esc(f.number)}</b></td><td>${esc(serviceName(f.service))}</td><td>${f.window ? f.window + "号" : "—"}</td>` +
      `<td>${esc(staffName(f))}</td><td>${esc(f.level_name)}</td>` +
      `<td class="reason">${f.tags && f.tags.length ? esc(f.tags.join("、")) : `<span class="hint">未选原因</span>`}</td>` +
      `<td>${esc(stamp(f.opened_at))}</td>` +
      `<td>${esc(stateNames[f.state] || f.state)}${f.overdue ? "（已逾期）" : ""}</td>` +
      `<td${late("verify")}>${esc(f.verify_due)}</td><td${late("close")}>${esc(f.close_due)}</td>` +
      `<td><button type="button" data-followup="${esc(f.ticket)}">记录</button> ` +
      `<button type="button" data-complain="${esc(f.ticket)}">转投诉</button></td></tr>`;
  }).join("");
  $("followups-empty").hidden = list.length > 0;
  const late = list.filter((f) => f.overdue).length;
  const badge = $("followup-badge");
  badge.hidden = !list.length;
  badge.textContent = late ? `${list.length}·逾期${late}` : String(list.length);
  badge.className = "badge" + (late ? "" : " warn");
  if (chosen && !list.some((f) => f.ticket === chosen)) close();
}

function open(ticket) {
  const f = list.find((x) => x.ticket === ticket);
  if (!f) return;
  chosen = ticket;
  $("fu-number").textContent = `${f.number}（${stateNames[f.state]}）`;
  $("fu-state").innerHTML = (moves[f.state] || []).map((s) => `<option value="${s}">${stateNames[s]}</option>`).join("");
  $("fu-note").value = "";
  say($("fu-msg"), "");
  say($("fu-saved"), "");
  $("followup-form").hidden = false;
  render();
  $("fu-note").focus();
}

function close() {
  chosen = null;
  $("followup-form").hidden = true;
}

async function submit() {
  const f = list.find((x) => x.ticket === chosen);
  if (!f) return;
  const body = { state: $("fu-state").value, note: $("fu-note").value.trim() };
  try {
    await api("PATCH", `/api/v1/followups/${encodeURIComponent(f.ticket)}`, body);
  } catch (e) {
    say($("fu-msg"), e.message);
    return;
  }
  close();
  say($("fu-saved"), `${f.number} 已记录：${stateNames[body.state]}`, true); // the form is gone: say it here
  await load();
}

$("followups").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-followup]");
  if (b) open(b.dataset.followup);
  const c = ev.target.closest("[data-complain]");
  if (c) fromFollowUp(list.find((f) => f.ticket === c.dataset.complain));
});
$("followup-form").addEventListener("submit", (ev) => { ev.preventDefault(); submit(); });
$("fu-cancel").addEventListener("click", () => { close(); render(); });

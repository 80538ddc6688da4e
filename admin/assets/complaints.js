// 投诉: the 监察投诉窗口's register — complaints with their due days
// (overdue in red), a form to register one (also from a 差评 follow-up:
// 转投诉) and a form to take one up (调查) or conclude it (办结, 属实/不属实).
import { esc } from "/assets/halld.js";
import { $, api, say, serviceName, session } from "./session.js";
import { stamp } from "./format.js";

let list = [];
let chosen = null; // {id, verb} of the step form
let followup = null; // the follow-up a registration comes from

export async function load() {
  list = await api("GET", "/api/v1/complaints" + ($("cp-open").checked ? "?state=open" : ""));
  render();
}

export function onEvent(ev) {
  if (ev.type === "complaint.filed" || ev.type === "complaint.updated") later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200);
}

// target names what a complaint is about: "3号窗口 · 王芳（w3）· 不动产登记".
function target(c) {
  const parts = [];
  if (c.window) parts.push(`${c.window}号窗口`);
  if (c.staff) parts.push(c.staff_name ? `${c.staff_name}（${c.staff}）` : c.staff);
  if (c.service) parts.push(c.service_name || serviceName(c.service));
  if (c.case) parts.push(`办件 ${c.case}`);
  return parts.join(" · ");
}

function render() {
  $("complaints").innerHTML = list.map((c) => {
    const late = (which) => (c.overdue === which ? ` class="late"` : "");
    let action = "";
    if (c.state === "received") action = `<button type="button" data-step="investigate" data-id="${esc(c.id)}">调查</button>`;
    if (c.state === "investigating") action = `<button type="button" data-step="conclude" data-id="${esc(c.id)}">办结</button>`;
    const who = [c.name, c.phone].filter(Boolean).join(" ") || `<span class="hint">匿名</span>`;
    return `<tr class="${c.overdue ? "overdue" : ""}" data-complaint="${esc(c.id)}">` +
      `<td><b>${esc(c.id)}</b></td><td>${esc(stamp(c.filed_at))}</td><td>${esc(target(c))}</td>` +
      `<td>${esc(c.department || "—")}</td><td>${c.name || c.phone ? esc(who) : who}</td>` +
      `<td>${esc(c.state_name)}${c.overdue ? "（已逾期）" : ""}</td>` +
      `<td${late("accept")}>${esc(c.accept_due)}</td><td${late("conclude")}>${esc(c.conclude_due)}</td>` +
      `<td>${esc(c.finding_name || "—")}</td><td>${action}</td></tr>`;
  }).join("");
  $("complaints-empty").hidden = list.length > 0;
  const open = list.filter((c) => c.state !== "concluded");
  const late = open.filter((c) => c.overdue).length;
  const badge = $("complaint-badge");
  badge.hidden = !open.length;
  badge.textContent = late ? `${open.length}·逾期${late}` : String(open.length);
  badge.className = "badge" + (late ? "" : " warn");
}

function options() {
  const h = session.hall || { windows: [], services: [] };
  $("cp-window").innerHTML = `<option value="0">—</option>` +
    h.windows.map((w) => `<option value="${w.number}">${w.number}号窗口 ${esc(w.name)}</option>`).join("");
  $("cp-service").innerHTML = `<option value="">—</option>` +
    h.services.map((s) => `<option value="${esc(s.id)}">${esc(s.name)}</option>`).join("");
}

// openForm shows the registration form, empty or from follow-up f.
function openForm(f) {
  options();
  followup = f || null;
  for (const id of ["cp-staff", "cp-case", "cp-summary", "cp-name", "cp-phone"]) $(id).value = "";
  $("cp-window").value = f && f.window ? String(f.window) : "0";
  $("cp-staff").value = (f && f.staff) || "";
  $("cp-service").value = (f && f.service) || "";
  for (const id of ["cp-window", "cp-staff", "cp-service", "cp-case"]) $(id).disabled = !!f;
  $("cp-from").textContent = f ? `来自差评回访 ${f.number}` : "";
  say($("cp-msg"), "");
  say($("cp-saved"), "");
  $("complaint-step").hidden = true;
  $("complaint-form").hidden = false;
  $("cp-summary").focus();
}

// fromFollowUp starts a registration from a 差评 follow-up (转投诉).
export function fromFollowUp(f) {
  location.hash = "#complaints";
  openForm(f);
}

async function register() {
  const body = { summary: $("cp-summary").value.trim(), contact: { name: $("cp-name").value.trim(), phone: $("cp-phone").value.trim() } };
  if (followup) {
    body.followup = followup.ticket;
  } else {
    body.window = Number($("cp-window").value);
    body.staff = $("cp-staff").value.trim();
    body.service = $("cp-service").value;
    body.case = $("cp-case").value.trim();
  }
  let c;
  try {
    c = await api("POST", "/api/v1/complaints", body);
  } catch (e) {
    say($("cp-msg"), e.message);
    return;
  }
  $("complaint-form").hidden = true;
  say($("cp-saved"), `已登记投诉 ${c.id}，受理期限 ${c.accept_due}，办结期限 ${c.conclude_due}`, true);
  await load();
}

function openStep(id, verb) {
  chosen = { id, verb };
  $("cps-title").textContent = verb === "conclude" ? "办结投诉" : "开始调查";
  $("cps-id").textContent = id;
  $("cps-finding-row").hidden = verb !== "conclude";
  $("cps-finding").value = "";
  $("cps-note").value = "";
  $("cps-note").placeholder = verb === "conclude" ? "处理结果（必填）" : "调查安排（可不填）";
  say($("cps-msg"), "");
  say($("cp-saved"), "");
  $("complaint-form").hidden = true;
  $("complaint-step").hidden = false;
  $("cps-note").focus();
}

async function step() {
  const body = { note: $("cps-note").value.trim() };
  if (chosen.verb === "conclude") body.finding = $("cps-finding").value;
  let c;
  try {
    c = await api("POST", `/api/v1/complaints/${encodeURIComponent(chosen.id)}/${chosen.verb}`, body);
  } catch (e) {
    say($("cps-msg"), e.message);
    return;
  }
  $("complaint-step").hidden = true;
  chosen = null;
  say($("cp-saved"), `${c.id}：${c.state_name}${c.finding_name ? "，" + c.finding_name : ""}`, true);
  await load();
}

$("cp-new").addEventListener("click", () => openForm(null));
$("cp-open").addEventListener("change", () => load().catch((e) => say($("cp-saved"), e.message)));
$("complaint-form").addEventListener("submit", (ev) => { ev.preventDefault(); register(); });
$("cp-cancel").addEventListener("click", () => { $("complaint-form").hidden = true; });
$("complaints").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-step]");
  if (b) openStep(b.dataset.id, b.dataset.step);
});
$("complaint-step").addEventListener("submit", (ev) => { ev.preventDefault(); step(); });
$("cps-cancel").addEventListener("click", () => { $("complaint-step").hidden = true; chosen = null; });

// 操作日志: the audit trail — who changed what, when, from which address
// and terminal — for a range of days, read-only, with a CSV export made by
// the server (GET /api/v1/audit?format=csv).
import { esc } from "/assets/halld.js";
import { $, api, request, say, session } from "./session.js";
import { save } from "./download.js";
import { stamp } from "./format.js";

const ROLES = { clerk: "窗口", supervisor: "值班长", admin: "管理员", system: "外部系统" };

function range() {
  return `from=${encodeURIComponent($("audit-from").value)}&to=${encodeURIComponent($("audit-to").value)}`;
}

export async function load() {
  if (!$("audit-from").value) {
    const today = (session.hall && session.hall.day) || new Date().toISOString().slice(0, 10);
    $("audit-from").value = today;
    $("audit-to").value = today;
  }
  say($("audit-msg"), "");
  const r = await api("GET", "/api/v1/audit?" + range());
  $("audit-rows").innerHTML = r.entries.map((e) =>
    `<tr><td>${esc(stamp(e.at))}</td><td>${esc(e.actor)}</td><td>${esc(e.actor_name || "")}</td>` +
    `<td>${esc(ROLES[e.role] || e.role || "")}</td><td>${esc(e.what)}</td><td>${esc(e.object || "")}</td>` +
    `<td>${e.window ? e.window : ""}</td><td>${esc(e.remote || "")}</td><td>${esc(e.terminal || "")}</td></tr>`).join("");
  $("audit-empty").hidden = r.entries.length > 0;
  say($("audit-msg"), `${r.entries.length} 条${r.truncated ? "（已截断，请缩小范围）" : ""}`, true);
}

async function csv() {
  try {
    const resp = await request("GET", "/api/v1/audit?format=csv&" + range());
    save(await resp.blob(), `操作日志-${$("audit-from").value}-${$("audit-to").value}.csv`);
  } catch (e) {
    say($("audit-msg"), e.message);
  }
}

$("audit-form").addEventListener("submit", (ev) => { ev.preventDefault(); load().catch((e) => say($("audit-msg"), e.message)); });
$("audit-csv").addEventListener("click", csv);

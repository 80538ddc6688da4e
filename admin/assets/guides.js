// 办事指南 (admins): edit one service's guide; the server validates it as
// it will a centre's push (docs/api.md, Service guides).
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";

let list = [];
const lines = (id) => $(id).value.split("\n");

export async function load() {
  list = (await api("GET", "/api/v1/guides")).guides;
  const sel = $("gd-service");
  const keep = sel.value;
  sel.innerHTML = list.map((g) => `<option value="${esc(g.service)}">${esc(g.service_name)}</option>`).join("");
  if (keep && list.some((g) => g.service === keep)) sel.value = keep;
  fill();
}

function fill() {
  const g = list.find((x) => x.service === $("gd-service").value);
  if (!g) return;
  $("gd-materials").value = g.materials.join("\n");
  $("gd-procedure").value = g.procedure.join("\n");
  $("gd-time").value = g.time_limit || "";
  $("gd-fees").value = g.fees || "";
  $("gd-basis").value = g.basis.join("\n");
  $("gd-windows").value = g.version ? g.windows.join(",") : "";
  $("gd-version").textContent = g.version ? `第 ${g.version} 版，${g.updated_by} 更新` : "尚未发布";
  say($("gd-msg"), "");
}

async function save() {
  const svc = $("gd-service").value;
  const windows = $("gd-windows").value.split(/[,，、\s]+/).filter(Boolean).map(Number);
  const body = {
    materials: lines("gd-materials"), procedure: lines("gd-procedure"), time_limit: $("gd-time").value,
    fees: $("gd-fees").value, basis: lines("gd-basis"), windows,
  };
  try {
    const g = await api("PUT", `/api/v1/guides/${encodeURIComponent(svc)}`, body);
    list = list.map((x) => (x.service === svc ? g : x));
    fill();
    say($("gd-msg"), `已保存（第 ${g.version} 版）`, true);
  } catch (e) {
    say($("gd-msg"), e.message);
  }
}

$("gd-service").addEventListener("change", fill);
$("guide-form").addEventListener("submit", (ev) => { ev.preventDefault(); save(); });

// guideHTML renders a service guide (GET /api/v1/guides/{service}) for the
// kiosk and the phone ticket page.
import { esc } from "/assets/halld.js";

const list = (title, lines) => lines && lines.length
  ? `<h4>${title}</h4><ol>${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ol>` : "";

export function guideHTML(g) {
  if (!g.version) return `<h3>${esc(g.service_name)}</h3><p class="g-none">本事项的办事指南尚未发布，请咨询窗口工作人员。</p>`;
  return `<h3>${esc(g.service_name)}</h3>` +
    list("申请材料", g.materials) + list("办理流程", g.procedure) +
    `<h4>办理时限</h4><p>${esc(g.time_limit)}</p><h4>收费标准</h4><p>${esc(g.fees)}</p>` +
    list("设定依据", g.basis) +
    (g.windows && g.windows.length ? `<h4>办理窗口</h4><p>${g.windows.join("、")}号窗口</p>` : "");
}

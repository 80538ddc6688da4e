// Case lookup for applicants (办件查询): the public, masked view of a case
// by its 受理编号. The number may come in the URL (?n=…, e.g. from a QR code
// on the 受理通知书).
import { call } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);

async function lookup(number) {
  $("error").textContent = "";
  try {
    const c = await call("GET", `/api/v1/cases/${encodeURIComponent(number)}`);
    $("r-number").textContent = c.number;
    $("r-service").textContent = c.service_name;
    $("r-applicant").textContent = c.applicant;
    $("r-accepted").textContent = c.accepted_at.slice(0, 10);
    $("r-due").textContent = c.due ? c.due + (c.provisional ? "（暂按周一至周五计算）" : "") : (c.paused ? "暂停计时" : "—");
    $("r-state").textContent = c.state_name + (c.urgent ? "（急办）" : "");
    $("r-remaining").textContent = c.remaining === undefined ? (c.on_time === undefined ? "—" : c.on_time ? "按期办结" : "超期办结")
      : c.remaining < 0 ? `已超期 ${-c.remaining} 个工作日` : `${c.remaining} 个工作日`;
    $("result").className = "card result " + (c.card || "");
    $("result").hidden = false;
  } catch (e) {
    $("result").hidden = true;
    $("error").textContent = e.code === "case_not_found" ? "没有找到这个受理编号，请核对后再查" : e.message;
  }
}

$("ask").addEventListener("submit", (ev) => {
  ev.preventDefault();
  lookup($("number").value.trim());
});
const n = new URLSearchParams(location.search).get("n");
if (n) {
  $("number").value = n;
  lookup(n);
}

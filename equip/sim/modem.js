// The simulated GSM modems on /sim/: the messages decoded from the PDUs
// halld sent, and faults to inject (no SIM, +CMS ERROR, no answer).
import { esc } from "/assets/halld.js";

async function draw() {
  try {
    const st = await (await fetch("/sim/state.json")).json();
    const html = (st.modems || []).map(modem).join("") || "<p>无模拟短信猫</p>";
    const el = document.getElementById("modems");
    if (el.innerHTML !== html) el.innerHTML = html;
  } catch (e) { /* halld restarting: try again */ }
}

function modem(m) {
  const f = m.faults;
  const btn = (label, fault) => `<button data-modem="${esc(m.id)}" data-fault='${JSON.stringify(fault)}'>${label}</button>`;
  return `<div class="modem" data-modem-id="${esc(m.id)}"><div>${esc(m.id)}</div><div class="ctl">` +
    btn(f.no_sim ? "插入SIM卡" : "拔出SIM卡", { ...f, no_sim: !f.no_sim }) +
    btn(f.cms_error ? "恢复发送" : "发送失败（+CMS ERROR: 500）", { ...f, cms_error: f.cms_error ? 0 : 500 }) +
    btn(f.silent ? "恢复应答" : "不应答", { ...f, silent: !f.silent }) +
    `</div><div class="at">${(m.commands || []).map(esc).join(" · ")}</div>` +
    (m.messages.map((s) => `<div class="sms"><div class="meta">发往 ${esc(s.to)} · ${new Date(s.at).toLocaleTimeString("zh-CN")}` +
      ` · ${s.ucs2 ? "UCS-2" : "7位"}${s.parts > 1 ? ` · ${s.parts}条拼接` : ""}</div><div class="text">${esc(s.text)}</div></div>`).join("") || "<p>尚无短信</p>") +
    `</div>`;
}

document.addEventListener("click", async (ev) => {
  const b = ev.target.closest("button[data-modem]");
  if (!b) return;
  await fetch(`/sim/modems/${encodeURIComponent(b.dataset.modem)}`, { method: "POST", body: b.dataset.fault });
  draw();
});
draw();
setInterval(draw, 1000);

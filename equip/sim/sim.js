// The simulated devices page: draws what each simulated device shows, from
// /sim/state.json, and sends button, keypad and printer-fault presses.
import { esc } from "/assets/halld.js";
async function draw() {
  try {
    const st = await (await fetch("/sim/state.json")).json();
    document.getElementById("boards").innerHTML = (st.boards || []).map((b) =>
      `<div class="board ${b.window ? "" : "hall"} ${b.dead ? "dead" : ""}" data-address="${b.address}">` +
      `<div class="led">${esc((b.lines || []).join("\n")) || "&nbsp;"}</div>` +
      `<div class="cap">${esc(b.bus)} 地址${b.address} · ${esc(b.protocol)} · ${b.window ? b.window + "号窗口" : "大厅综合屏"} · ${b.frames}帧</div></div>`).join("");
    const bsHTML = (st.buses || []).map((b) =>
      `<button data-bus="${esc(b.id)}" data-pulled="${!b.pulled}">${esc(b.id)} · ${b.pulled ? "插回总线" : "拔掉总线"}</button>`).join("");
    const bs = document.getElementById("buses");
    if (bs.innerHTML !== bsHTML) bs.innerHTML = bsHTML;
    const bt = document.getElementById("buttons");
    const btHTML = (st.buttons || []).map((b) => `<button data-button="${esc(b.id)}">${esc(b.id)} · ${esc(b.service)}</button>`).join("") || "<p>无模拟按键</p>";
    if (bt.innerHTML !== btHTML) bt.innerHTML = btHTML;
    const levels = ["非常不满意", "不满意", "基本满意", "满意", "非常满意"];
    const kpHTML = (st.keypads || []).map((k) =>
      `<div class="keypad ${k.armed ? "armed" : ""}"><div>${esc(k.id)} · ${k.window}号窗口 ${k.armed ? "· 请评价" : ""}</div>` +
      levels.map((name, i) => `<button data-keypad="${esc(k.id)}" data-level="${i + 1}">${name}</button>`).reverse().join("") +
      `<button data-keypad-line="${esc(k.id)}" data-pulled="${!k.pulled}">${k.pulled ? "插回连线" : "拔掉连线"}</button></div>`).join("") || "<p>无模拟评价器</p>";
    const kp = document.getElementById("keypads");
    if (kp.innerHTML !== kpHTML) kp.innerHTML = kpHTML;
    document.getElementById("printers").innerHTML = (st.printers || []).map(printer).join("");
  } catch (e) { /* halld restarting: try again */ }
}

function printer(p) {
  const bad = p.state !== "ready" && p.state !== "paper_near_end";
  const f = p.fault;
  const btn = (label, fault) => `<button data-printer="${esc(p.id)}" data-fault='${JSON.stringify(fault)}'>${label}</button>`;
  return `<div class="printer"><div>${esc(p.id)} · 取号机 ${esc(p.kiosk)}</div>` +
    `<div class="st ${bad ? "bad" : ""}">状态：${esc(p.message)}</div><div class="ctl">` +
    btn("装满纸", { ...f, paper: "ok" }) + btn("纸将尽", { ...f, paper: "near_end" }) + btn("缺纸", { ...f, paper: "out" }) +
    btn(f.cover_open ? "合上纸仓盖" : "打开纸仓盖", { ...f, cover_open: !f.cover_open }) +
    btn(f.unplugged ? "插上打印机" : "拔掉打印机", { ...f, unplugged: !f.unplugged }) +
    btn(f.withhold_ack ? "恢复应答" : "扣住应答（不打印、不回 GS r 1）", { ...f, withhold_ack: !f.withhold_ack }) +
    `</div><div class="paper">${(p.tickets || []).map(ticket).join("") || "<p>尚未打印</p>"}</div></div>`;
}

function ticket(t) {
  return `<div class="ticket">` + t.lines.map((l) => {
    if (l.qr) return `<div class="qr"><a href="${esc(l.qr)}"><img alt="二维码" src="/sim/qr.png?level=${esc(l.qr_level)}&data=${encodeURIComponent(l.qr)}"></a><br>${esc(l.qr)}</div>`;
    if (l.cut) return `<div class="cut">✂ 切纸</div>`;
    return `<div class="l" style="text-align:${l.align}">` + (l.spans || []).map((s) =>
      `<span style="font-size:${13 * s.h}px;${s.w > 1 ? `letter-spacing:${(s.w - 1) * 0.5}em;` : ""}${s.bold ? "font-weight:700" : ""}">${esc(s.text)}</span>`).join("") + `</div>`;
  }).join("") + `</div>`;
}

document.addEventListener("click", async (ev) => {
  const line = ev.target.closest("button[data-bus], button[data-keypad-line]");
  if (line) {
    const url = line.dataset.bus ? `/sim/buses/${encodeURIComponent(line.dataset.bus)}` : `/sim/keypads/${encodeURIComponent(line.dataset.keypadLine)}/line`;
    await fetch(url, { method: "POST", body: JSON.stringify({ pulled: line.dataset.pulled === "true" }) });
    draw();
    return;
  }
  const e = ev.target.closest("button[data-keypad]");
  if (e) {
    await fetch(`/sim/keypads/${encodeURIComponent(e.dataset.keypad)}/${e.dataset.level}`, { method: "POST" });
    draw();
    return;
  }
  const k = ev.target.closest("button[data-button]");
  if (k) {
    await fetch(`/sim/buttons/${encodeURIComponent(k.dataset.button)}`, { method: "POST" });
    setTimeout(draw, 300);
    return;
  }
  const b = ev.target.closest("button[data-printer]");
  if (!b) return;
  await fetch(`/sim/printers/${encodeURIComponent(b.dataset.printer)}`, { method: "POST", body: b.dataset.fault });
  draw();
});
draw();
setInterval(draw, 500);

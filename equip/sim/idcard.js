// The simulated ID card readers on /sim/: lay a test card (a generated,
// valid test number) on a kiosk's reader, lay the same card again, or take
// it off. The reader's driver polls the simulated module with the real
// GA/T 467 frames and hands the number to its kiosk's page.
import { esc } from "/assets/halld.js";

async function draw() {
  try {
    const st = await (await fetch("/sim/state.json")).json();
    const html = (st.idcards || []).map((r) =>
      `<div class="keypad ${r.present ? "armed" : ""}"><div>${esc(r.id)} · 取号机 ${esc(r.kiosk)} ${r.present ? "· 卡在读卡区 " + esc(r.masked) : ""}</div>` +
      `<button data-idcard="${esc(r.id)}" data-place="new">放一张新身份证</button>` +
      `<button data-idcard="${esc(r.id)}" data-place="same" ${r.masked ? "" : "disabled"}>同一张再放一次</button>` +
      `<button data-idcard="${esc(r.id)}" data-place="none" ${r.present ? "" : "disabled"}>取走</button></div>`).join("") || "<p>无模拟身份证阅读器</p>";
    const box = document.getElementById("idcards");
    if (box.innerHTML !== html) box.innerHTML = html;
  } catch (e) { /* halld restarting: try again */ }
}

document.addEventListener("click", async (ev) => {
  const b = ev.target.closest("button[data-idcard]");
  if (!b) return;
  await fetch(`/sim/idcards/${encodeURIComponent(b.dataset.idcard)}`, { method: "POST", body: JSON.stringify({ place: b.dataset.place }) });
  draw();
});
draw();
setInterval(draw, 500);

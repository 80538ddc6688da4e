// The simulated 考勤 card readers: type a card number and swipe; the
// reader types it as a USB keyboard would (POST /sim/card_readers/{id}).
import { esc } from "/assets/halld.js";

const box = document.getElementById("card-readers");
let ids = "";

async function draw() {
  let st;
  try {
    st = await (await fetch("/sim/state.json")).json();
  } catch (e) { return; /* halld restarting */ }
  const readers = st.card_readers || [];
  const now = readers.map((r) => r.id).join(",");
  if (now !== ids) { // the inputs are drawn once: typing must not be wiped
    ids = now;
    box.innerHTML = readers.map((r) =>
      `<form class="keypad" data-reader="${esc(r.id)}"><div>${esc(r.id)} · ${esc(r.location)}</div>` +
      `<input name="card" size="14" placeholder="卡号" autocomplete="off"> <button>刷卡</button>` +
      `<div class="last" data-last="${esc(r.id)}"></div></form>`).join("") || "<p>无模拟读卡器</p>";
  }
  for (const r of readers) {
    const el = box.querySelector(`[data-last="${CSS.escape(r.id)}"]`);
    if (el && el.textContent !== r.last) el.textContent = r.last || "";
  }
}

box.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target.closest("form[data-reader]");
  const card = f.elements.card.value.trim();
  const resp = await fetch(`/sim/card_readers/${encodeURIComponent(f.dataset.reader)}`, { method: "POST", body: JSON.stringify({ card }) });
  if (!resp.ok) f.querySelector(".last").textContent = await resp.text();
  setTimeout(draw, 300);
});
draw();
setInterval(draw, 1000);

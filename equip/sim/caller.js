// The simulated window callers (呼叫器) on /sim/: the three-digit display
// shows what the host's display frames said; the keys send the caller's
// real key frames. Digits are kept here, as the caller keeps them, and go
// out with 确认 (staff number, then PIN; or 6 弃号, 0 挂起, 3 回呼).
import { esc } from "/assets/halld.js";

const typed = {}; // caller id → digits typed, not yet sent
const keys = [["call", "呼叫"], ["recall", "重呼"], ["evaluate", "评价"], ["pause", "暂停"], ["transfer", "转移"]];

function panel(c) {
  const id = esc(c.id);
  const digits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0].map((d) => `<button data-caller="${id}" data-digit="${d}">${d}</button>`).join("");
  const rate = c.evaluator ? `<div>评价器：` + [5, 4, 3, 2, 1].map((l) =>
    `<button data-caller="${id}" data-key="rate" data-level="${l}">${l}星</button>`).join("") + `</div>` : "";
  return `<div class="keypad caller" data-id="${id}"><div>${id} · ${c.window}号窗口 · 地址 ${c.address}</div>` +
    `<div class="board"><div class="led" data-display>${esc((c.display || "   ").replaceAll(" ", "\u00a0"))}</div></div>` +
    `<div class="typed">输入：<span data-typed>${esc(typed[c.id] || "")}</span></div>` +
    `<div>${keys.map(([k, n]) => `<button data-caller="${id}" data-key="${k}">${n}</button>`).join("")}</div>` +
    `<div>${digits}<button data-caller="${id}" data-key="clear">清除</button><button data-caller="${id}" data-key="confirm">确认</button></div>` +
    rate + `</div>`;
}

// The panels are built once and then only their texts change: replacing
// the buttons under a person's finger would lose the click.
let built = "";

async function draw() {
  try {
    const st = await (await fetch("/sim/state.json")).json();
    const callers = st.callers || [];
    const box = document.getElementById("callers");
    const ids = callers.map((c) => c.id).join("\n");
    if (ids !== built || !callers.length) {
      box.innerHTML = callers.map(panel).join("") || "<p>无模拟呼叫器</p>";
      built = ids;
    }
    for (const c of callers) {
      const el = box.querySelector(`.caller[data-id="${CSS.escape(c.id)}"]`);
      el.querySelector("[data-display]").textContent = (c.display || "   ").replaceAll(" ", "\u00a0");
      el.querySelector("[data-typed]").textContent = typed[c.id] || "";
    }
  } catch (e) { /* halld restarting: try again */ }
}

document.addEventListener("click", async (ev) => {
  const b = ev.target.closest("button[data-caller]");
  if (!b) return;
  const id = b.dataset.caller;
  if (b.dataset.digit !== undefined) {
    typed[id] = ((typed[id] || "") + b.dataset.digit).slice(-16);
    return draw();
  }
  const key = b.dataset.key;
  if (key === "clear") {
    typed[id] = "";
    return draw();
  }
  const body = { key };
  if (key === "confirm") { body.digits = typed[id] || ""; typed[id] = ""; }
  if (key === "rate") body.level = Number(b.dataset.level);
  await fetch(`/sim/callers/${encodeURIComponent(id)}`, { method: "POST", body: JSON.stringify(body) });
  draw();
});
draw();
setInterval(draw, 500);

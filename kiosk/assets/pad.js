// The evaluation pad on a window tablet (评价器): five big buttons, then
// the reasons of a 差评. It can rate only the service its window has just
// finished — halld refuses anything else — and nothing is preselected.
import { call, Stream, esc } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get("keypad") || "";
const pad = { state: null, level: 0, tags: new Set(), thanksTimer: 0 };

function show(screen) {
  for (const s of ["idle", "ask", "why", "thanks"]) $(s).hidden = s !== screen;
}

async function refresh() {
  try {
    pad.state = await call("GET", `/api/v1/keypads/${encodeURIComponent(id)}`);
  } catch (e) {
    $("error").textContent = e.message;
    return;
  }
  $("error").textContent = "";
  $("title").textContent = `服务评价 · ${pad.state.window}号窗口`;
  if (!$("thanks").hidden || !$("why").hidden) return; // let the applicant finish
  if (pad.state.armed) {
    $("number").textContent = pad.state.number ? `（${pad.state.number}）` : "";
    show("ask");
  } else {
    show("idle");
  }
}

async function send() {
  try {
    const r = await call("POST", `/api/v1/keypads/${encodeURIComponent(id)}/press`, { level: pad.level, tags: [...pad.tags] });
    $("thanks-level").textContent = `您的评价：${r.level_name}`;
    show("thanks");
    clearTimeout(pad.thanksTimer);
    pad.thanksTimer = setTimeout(() => { show("idle"); refresh(); }, 5000);
  } catch (e) {
    // not_armed, evaluation_closed (the window called the next one) or
    // already_evaluated (rated on the phone): nothing was recorded.
    $("error").textContent = e.code === "not_armed" ? "本次评价已结束" : e.message;
    show("idle");
  }
}

document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button");
  if (!b) return;
  if (b.dataset.level) {
    pad.level = Number(b.dataset.level);
    pad.tags.clear();
    if (pad.level <= 2) { // 差评: ask why, then send
      $("tags").innerHTML = (pad.state.tags || []).map((t) => `<button data-tag="${esc(t)}" aria-pressed="false">${esc(t)}</button>`).join("");
      show("why");
      return;
    }
    send();
  } else if (b.dataset.tag) {
    const on = b.getAttribute("aria-pressed") !== "true";
    b.setAttribute("aria-pressed", String(on));
    if (on) pad.tags.add(b.dataset.tag); else pad.tags.delete(b.dataset.tag);
  } else if (b.id === "send") {
    send();
  }
});

// A finish at this window arms the pad; refetch then. A slow poll covers
// the pad's timeout, which is not an event.
const stream = new Stream({
  onStatus: (ok) => { $("offline").hidden = ok; },
  onEvent: (ev) => {
    const w = ev.data.window || {};
    if (pad.state && (w.number === pad.state.window || ev.data.from_window === pad.state.window)) {
      refresh();
      setTimeout(refresh, 400); // halld arms the pad just after the finish
    }
  },
});
setInterval(refresh, 3000);
await refresh();
stream.start();

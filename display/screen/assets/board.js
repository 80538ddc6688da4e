// 红黑榜 for the big screen: last month's units ranked, the latest
// 流动红旗 and 先进个人 (name and 工号 only), and the units that lost
// points. It reads GET /api/v1/assessment/board (?month=YYYY-MM in this
// page's address picks a month) and refreshes every ten minutes.
import { call, esc } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const month = new URLSearchParams(location.search).get("month");

async function load() {
  try {
    const [hall, b] = await Promise.all([
      call("GET", "/api/v1/hall"),
      call("GET", "/api/v1/assessment/board" + (month ? "?month=" + encodeURIComponent(month) : "")),
    ]);
    $("board-title").textContent = `${hall.name} · 红黑榜`;
    $("board-month").textContent = `${b.month} 月度考核`;
    $("red-flag").textContent = b.red_flag.length ? `${b.red_flag.join("、")}（${b.period[0]} 至 ${b.period[1]}）` : "—";
    $("advanced").innerHTML = b.advanced.length ? b.advanced.map((p) => `${esc(p.name)}（${esc(p.id)}）`).join("、") : "—";
    const li = (u) => `<li>${esc(u.name)} <span class="pts">${u.total} 分 ${esc(u.grade)}</span></li>`;
    $("units").innerHTML = b.units.filter((u) => !b.black.some((x) => x.name === u.name)).slice(0, 5).map(li).join("");
    $("black").innerHTML = b.black.map(li).join("");
    $("black-empty").hidden = b.black.length > 0;
    $("board-error").textContent = "";
  } catch (e) {
    $("board-error").textContent = e.message;
  }
}

load();
setInterval(load, 10 * 60 * 1000);

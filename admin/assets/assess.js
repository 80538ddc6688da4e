// 考核: a month's scores of the window units and their staff, every point
// with the events it came from, the two months' 流动红旗 and 先进个人, and
// the flags; printable (assess.css keeps one unit to a block on paper) and
// exported as the server's CSV.
import { esc } from "/assets/halld.js";
import { $, api, request, say, session } from "./session.js";
import { save } from "./download.js";

let shown = ""; // the month on screen

export async function load() {
  const input = $("assess-month");
  if (!input.value) input.value = (session.hall && session.hall.day ? session.hall.day : new Date().toISOString()).slice(0, 7);
  await fetchMonth(input.value);
}

async function fetchMonth(month) {
  say($("assess-msg"), "正在计算…", true);
  const r = await api("GET", "/api/v1/assessment?month=" + encodeURIComponent(month));
  shown = month;
  render(r);
  say($("assess-msg"), `已计算 ${r.facts} 条考核事实`, true);
}

const pts = (p) => (p > 0 ? "+" : "") + p;
const day = (iso) => String(iso).slice(0, 10); // the hall's own date: stamps carry its zone

// source names the event behind a point: its number in the log, the
// ticket, case or complaint, and the day.
function source(s) {
  const who = s.staff ? ` ${esc(s.staff)}` : "";
  const qty = s.qty !== 1 ? ` ×${s.qty}` : "";
  return `<li>#${s.seq} ${esc(s.ref || "")}${who}${s.window ? ` ${s.window}号窗口` : ""}${qty} <small>${esc(day(s.at))}</small></li>`;
}

function items(sc) {
  if (!sc.items.length && !sc.flags.length) return `<p class="hint">本月无加减分。</p>`;
  const rows = sc.items.map((it) =>
    `<tr class="${it.points < 0 ? "minus" : "plus"}"><td>${esc(it.name)}</td><td>${it.count}</td>` +
    `<td class="pts">${pts(it.points)}${it.limited ? "（扣完为止）" : ""}</td>` +
    `<td>${it.basis ? esc(it.basis) : `<ul class="src">${it.sources.map(source).join("")}</ul>`}</td></tr>`).join("");
  const flags = sc.flags.map((f) =>
    `<tr class="flag"><td colspan="3">⚑ ${esc(f.message)}</td><td><ul class="src">${(f.sources || []).map(source).join("")}</ul></td></tr>`).join("");
  return `<table class="grid assess-items"><thead><tr><th>项目</th><th>次数</th><th>分值</th><th>依据（事件号 编号 日期）</th></tr></thead>` +
    `<tbody>${rows}${flags}</tbody></table>`;
}

function block(sc, staff) {
  const share = sc.share == null ? "—" : (sc.share * 100).toFixed(1) + "%";
  const title = staff ? `${esc(sc.name)}（${esc(sc.id)}）` : esc(sc.name);
  return `<section class="assess-unit" data-unit="${esc(sc.id)}"><h3>${title}` +
    ` <span class="score">${sc.total} 分</span> <span class="grade">${esc(sc.grade)}</span>` +
    ` <small>评价 ${sc.ratings}，非常满意率 ${share}</small></h3>${items(sc)}</section>`;
}

function summary(list, staff) {
  return `<table class="grid numbers assess-summary"><thead><tr><th>${staff ? "工作人员" : "窗口单位"}</th><th>得分</th><th>等次</th><th>评价</th><th>非常满意率</th></tr></thead><tbody>` +
    list.map((sc) => `<tr><td>${esc(staff ? `${sc.name}（${sc.id}）` : sc.name)}</td><td>${sc.total}</td><td>${esc(sc.grade)}</td>` +
      `<td>${sc.ratings}</td><td>${sc.share == null ? "—" : (sc.share * 100).toFixed(1) + "%"}</td></tr>`).join("") + `</tbody></table>`;
}

function period(p) {
  if (!p) return `<p class="hint">流动红旗、先进个人于双月（二、四、六、八、十、十二月）评出。</p>`;
  const names = (l, staff) => l.length ? l.map((s) => `${esc(staff ? `${s.name}（${s.id}）` : s.name)} <small>均分 ${s.average}</small>`).join("、") : "无";
  return `<div class="assess-period"><h3>${esc(p.months[0])} 至 ${esc(p.months[1])} 评比</h3>` +
    `<p>流动红旗：<b id="assess-red-flag">${names(p.red_flag, false)}</b></p>` +
    `<p>先进个人：<b id="assess-advanced">${names(p.advanced, true)}</b></p></div>`;
}

function render(r) {
  const least = r.least_satisfied.length
    ? r.least_satisfied.map((l) => `${esc(l.name)}（${esc(l.staff)}，差评 ${l.bad_ratings} 次，${l.months}个月内第 ${l.times} 次${l.flagged ? "，已满次数" : ""}）`).join("、")
    : "无";
  $("assess-report").innerHTML =
    `<h2>${esc(session.hall ? session.hall.name : "")} ${esc(r.month)} 月度考核 <small>基本分 ${r.base}，最高 ${r.cap}</small></h2>` +
    period(r.period) +
    `<p>本月最不满意人员：<b id="assess-least">${least}</b></p>` +
    `<h3 class="part">窗口单位</h3>${summary(r.departments, false)}` +
    r.departments.map((sc) => block(sc, false)).join("") +
    `<h3 class="part">工作人员</h3>${summary(r.staff, true)}` +
    r.staff.filter((sc) => sc.items.length || sc.flags.length).map((sc) => block(sc, true)).join("");
}

$("assess-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  fetchMonth($("assess-month").value).catch((e) => say($("assess-msg"), e.message));
});
$("assess-print").addEventListener("click", () => window.print());
$("assess-csv").addEventListener("click", async () => {
  const month = shown || $("assess-month").value;
  try {
    const resp = await request("GET", `/api/v1/assessment?format=csv&month=${encodeURIComponent(month)}`);
    save(await resp.blob(), `考核-${month}.csv`);
  } catch (e) {
    say($("assess-msg"), e.message);
  }
});

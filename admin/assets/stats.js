// 统计: the 考核 report of a period by one dimension, as a table of the
// indicators in Chinese, and the same table as a CSV file; below it the
// period's charts (charts.js).
import { esc } from "/assets/halld.js";
import { $, api, say, session } from "./session.js";
import { minutes, rate, shares, dayName, monthStart, rowName } from "./format.js";
import { csv, save } from "./download.js";
import * as charts from "./charts.js";

const dims = { hall: "全厅", day: "日期", service: "业务", window: "窗口", staff: "工作人员", department: "部门" };
const heads = { ...dims, hall: "范围" }; // the first column's title

// columns: title on screen, title in the CSV (with the unit), the value.
const waited = (r) => (r.counts.wait_n ? r.wait_max_s : null);
const served = (r) => {
  const c = r.counts, n = c.served || 0, active = c.active || 0, evaluated = c.evaluated || 0;
  return shares([active, evaluated - active, Math.max(n - evaluated, 0)], n);
};
const columns = [
  // A ticket is issued to a service, not to a window or a person.
  { t: "取号", v: (r, by) => (by === "window" || by === "staff" ? "—" : r.counts.issued || 0) },
  { t: "办结", v: (r) => r.counts.served || 0 },
  { t: "过号", v: (r) => r.counts.no_show || 0 },
  { t: "平均等候", c: "平均等候（分钟）", min: (r) => r.wait_avg_s },
  { t: "90%等候", c: "90%等候（分钟）", min: (r) => r.wait_p90_s },
  { t: "最长等候", c: "最长等候（分钟）", min: waited },
  { t: "平均办理", c: "平均办理（分钟）", min: (r) => r.service_avg_s },
  { t: "好评率", v: (r) => rate(r.good_rate) },
  // Of the served: rated actively, rated by default, not rated — shares
  // of one whole, shown so that they add up to 100%.
  { t: "主动评价率", v: (r) => served(r)[0] },
  { t: "未评价率", v: (r) => served(r)[2] },
  { t: "按期办结率", v: (r) => rate(r.on_time_rate) },
];

function cells(by, r, forCSV) {
  return [rowName(by, r), ...columns.map((c) => (c.min ? minutes(c.min(r), forCSV ? "" : "分钟") : c.v(r, by)))];
}

let report = null; // {from, to, by, rows, total}
let asked = 0; // the latest query: an older answer arriving late is dropped

// defaults fills the period with this month so far, by the hall's day.
export function defaults() {
  if ($("stats-from").value) return;
  const day = session.hall.day;
  $("stats-from").value = monthStart(day);
  $("stats-to").value = day;
}

export async function load() {
  defaults();
  const from = $("stats-from").value, to = $("stats-to").value, by = $("stats-by").value;
  const q = (b) => `/api/v1/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&by=${b}`;
  say($("stats-msg"), "正在统计…", true);
  const mine = ++asked;
  // The hall's line of the same period is the table's 合计 and, with the
  // lines by window and by staff, what the charts are drawn from.
  const want = [...new Set([by, "hall", "window", "staff"])];
  let got;
  try {
    const answers = await Promise.all(want.map((b) => api("GET", q(b))));
    if (mine !== asked) return;
    got = Object.fromEntries(want.map((b, i) => [b, answers[i].rows]));
    report = { from, to, by, rows: got[by], total: by === "hall" ? null : got.hall[0] };
  } catch (e) {
    if (mine !== asked) return;
    report = null;
    render();
    charts.show(null);
    say($("stats-msg"), e.message);
    return;
  }
  render();
  charts.show({ from, to, hall: got.hall[0], window: got.window, staff: got.staff });
  say($("stats-msg"), `${dayName(from)}至${dayName(to)}，${report.rows.length}行`, true);
}

function render() {
  const by = report ? report.by : $("stats-by").value;
  $("stats-head").innerHTML = `<tr><th>${heads[by]}</th>${columns.map((c) => `<th>${c.t}</th>`).join("")}</tr>`;
  if (!report) {
    $("stats-rows").innerHTML = "";
    return;
  }
  const tr = (cls, cs) => `<tr${cls}>${cs.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`;
  let html = report.rows.map((r) => tr(` data-key="${esc(r.key)}"`, cells(by, r))).join("");
  if (!report.rows.length) html = `<tr><td colspan="${columns.length + 1}" class="hint">这段时间没有数据</td></tr>`;
  if (report.total && report.rows.length > 1) html += tr(` class="total"`, ["合计", ...cells("hall", report.total).slice(1)]);
  $("stats-rows").innerHTML = html;
}

// download saves the table as a CSV file, built here from the report.
function download() {
  if (!report) {
    say($("stats-msg"), "请先查询");
    return;
  }
  const { from, to, by } = report;
  const rows = [[heads[by], ...columns.map((c) => c.c || c.t)], ...report.rows.map((r) => cells(by, r, true))];
  if (report.total && report.rows.length > 1) rows.push(["合计", ...cells("hall", report.total, true).slice(1)]);
  save(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }), `统计_${dims[by]}_${from}_${to}.csv`);
  say($("stats-msg"), `已导出 ${report.rows.length} 行`, true);
}

$("stats-form").addEventListener("submit", (ev) => { ev.preventDefault(); load(); });
$("stats-by").addEventListener("change", () => load());
$("stats-csv").addEventListener("click", download);

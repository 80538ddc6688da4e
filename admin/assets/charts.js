// 统计's charts of the period: tickets issued by hour, the waits'
// histogram with its 90th percentile, and satisfaction (好差评) by window
// and by staff, worst 好评率 first. They are drawn from the report's
// histograms (counts.issued_hour, wait_hist, levels; absent when all
// zero), and each exports its figures as CSV with the table's code.
import { $, say } from "./session.js";
import { columns, stacked, legend } from "./svg.js";
import { minutes, rate, dayName, rowName } from "./format.js";
import { csv, save } from "./download.js";

const BUCKET = 5; // minutes per bucket of wait_hist; its last bucket holds every longer wait

// The five levels as shown, best first, in fixed colours (国办发〔2019〕51号).
const LEVELS = [
  { level: 5, name: "非常满意", colour: "#1b7f3b", ink: "#fff" },
  { level: 4, name: "满意", colour: "#86c98a", ink: "#1d2330" },
  { level: 3, name: "基本满意", colour: "#c9ced6", ink: "#1d2330" },
  { level: 2, name: "不满意", colour: "#f0a04b", ink: "#1d2330" },
  { level: 1, name: "非常不满意", colour: "#b3261e", ink: "#fff" },
].map((k) => ({ ...k, attrs: { "data-level": k.level } }));

const two = (h) => String(h).padStart(2, "0");

let shown = null; // what is drawn: {period, hours, waits, sat: {window, staff}}

// show draws the charts of a period from its hall row and its rows by
// window and by staff; null clears them.
export function show(report) {
  say($("charts-msg"), "");
  if (!report) {
    shown = null;
    for (const id of ["chart-hours", "chart-waits", "chart-sat-window", "chart-sat-staff", "chart-hours-note", "chart-waits-note"]) $(id).innerHTML = "";
    disable();
    return;
  }
  const c = (report.hall && report.hall.counts) || {};
  shown = {
    period: `${report.from}_${report.to}`,
    hours: hours(c.issued_hour || []),
    waits: waits(c.wait_hist || [], report.hall),
    sat: { window: satisfaction("window", report.window), staff: satisfaction("staff", report.staff) },
  };
  drawHours(`${dayName(report.from)}至${dayName(report.to)}`);
  drawWaits();
  drawSatisfaction("window", "chart-sat-window", "窗口");
  drawSatisfaction("staff", "chart-sat-staff", "工作人员");
  $("chart-sat-legend").innerHTML = legend(LEVELS);
  disable();
}

function disable() {
  $("chart-hours-csv").disabled = !shown || !shown.hours.total;
  $("chart-waits-csv").disabled = !shown || !shown.waits.total;
  $("chart-satw-csv").disabled = !shown || !shown.sat.window.length;
  $("chart-sats-csv").disabled = !shown || !shown.sat.staff.length;
}

// ---- tickets by hour ------------------------------------------------------

// hours keeps 07–20 h, the usual opening, and any hour with tickets.
function hours(byHour) {
  let first = 7, last = 20;
  byHour.forEach((n, h) => {
    if (n) { first = Math.min(first, h); last = Math.max(last, h); }
  });
  const rows = [];
  for (let h = first; h <= last; h++) rows.push({ hour: h, n: byHour[h] || 0 });
  return { rows, total: rows.reduce((a, r) => a + r.n, 0) };
}

function drawHours(period) {
  const { rows, total } = shown.hours;
  if (!total) {
    $("chart-hours").innerHTML = `<p class="hint">这段时间没有取号</p>`;
    $("chart-hours-note").textContent = "";
    return;
  }
  const peak = rows.reduce((a, r) => (r.n > a.n ? r : a));
  $("chart-hours-note").textContent = `共${total}张，高峰${two(peak.hour)}时`;
  $("chart-hours").innerHTML = columns({
    alt: `每小时取号量柱状图：${period}共取号${total}张，最多在${two(peak.hour)}时（${peak.n}张）`,
    xTitle: "取号时刻（时）",
    yTitle: "张",
    items: rows.map((r) => ({
      label: two(r.hour), value: r.n, tip: `${two(r.hour)}:00–${two(r.hour + 1)}:00 取号${r.n}张`,
      attrs: { "data-hour": r.hour, "data-count": r.n },
    })),
  });
}

// ---- waits ----------------------------------------------------------------

const bucketName = (i, last) => (i === last ? `≥${i * BUCKET}` : `${i * BUCKET}–${(i + 1) * BUCKET}`);

// waits keeps the buckets up to the last with a wait (at least 0–30
// minutes) and finds the bucket of the 90th percentile by the server's
// rank, ⌊(9n+9)/10⌋, so the marker and the table's 90%等候 agree.
function waits(hist, row) {
  const total = hist.reduce((a, n) => a + n, 0);
  let end = 5;
  hist.forEach((n, i) => { if (n) end = Math.max(end, i); });
  const last = (hist.length || 48) - 1;
  const rows = [];
  for (let i = 0; i <= end; i++) rows.push({ bucket: i, name: bucketName(i, last), n: hist[i] || 0 });
  let p90 = null;
  if (total && row && row.wait_p90_s != null) {
    const need = Math.floor((total * 9 + 9) / 10);
    let seen = 0, b = 0;
    while ((seen += hist[b] || 0) < need) b++;
    p90 = { bucket: b, s: row.wait_p90_s };
  }
  return { rows, total, p90, avg: row && row.wait_avg_s, max: row && row.wait_max_s };
}

function drawWaits() {
  const { rows, total, p90, avg, max } = shown.waits;
  if (!total) {
    $("chart-waits").innerHTML = `<p class="hint">这段时间没有叫号</p>`;
    $("chart-waits-note").textContent = "";
    return;
  }
  const p = p90 ? minutes(p90.s) : "—";
  $("chart-waits-note").textContent = `共${total}人次，平均${minutes(avg)}，90%不超过${p}，最长${minutes(max)}`;
  $("chart-waits").innerHTML = columns({
    alt: `等候时长分布直方图：${total}人次，90%的人等候不超过${p}，最长${minutes(max)}`,
    xTitle: "等候时长（分钟）",
    yTitle: "人次",
    gap: 0.06,
    items: rows.map((r) => ({
      label: r.name, value: r.n, tip: `等候${r.name}分钟：${r.n}人次`,
      attrs: { "data-bucket": r.bucket, "data-count": r.n },
    })),
    // The p90 is an upper bound to the bucket (or the longest wait): the
    // line stands at that many minutes, within its bucket.
    marker: p90 && {
      at: Math.min(Math.max(p90.s / 60 / BUCKET, p90.bucket), p90.bucket + 1),
      label: `90%≤${p}`,
      attrs: { "data-p90": p90.s, "data-bucket": p90.bucket },
    },
  });
}

// ---- satisfaction ---------------------------------------------------------

// satisfaction keeps the rows with evaluations, lowest 好评率 first (then
// the most evaluated, whose rate weighs more), with the counts best first.
function satisfaction(by, rows) {
  return (rows || [])
    .filter((r) => r.counts.evaluated > 0)
    .map((r) => ({
      key: r.key, name: rowName(by, r), good: r.good_rate ?? 0, evaluated: r.counts.evaluated,
      levels: LEVELS.map((k) => (r.counts.levels || [])[k.level] || 0),
    }))
    .sort((a, b) => a.good - b.good || b.evaluated - a.evaluated || a.key.localeCompare(b.key, "zh", { numeric: true }));
}

function drawSatisfaction(by, id, noun) {
  const rows = shown.sat[by];
  if (!rows.length) {
    $(id).innerHTML = `<p class="hint">这段时间没有评价</p>`;
    return;
  }
  $(id).innerHTML = stacked({
    alt: `按${noun}的满意度条形图：${rows.length}个${noun}，好评率最低的是${rows[0].name}（${rate(rows[0].good)}）`,
    keys: LEVELS,
    rows: rows.map((r) => ({
      label: r.name, note: `好评率${rate(r.good)}（${r.evaluated}次）`,
      parts: r.levels.map((n) => ({ value: n, attrs: { "data-count": n } })),
      attrs: { "data-key": r.key, "data-good-rate": rate(r.good), "data-evaluated": r.evaluated },
    })),
  });
}

// ---- CSV ------------------------------------------------------------------

function exportCSV(name, rows) {
  save(new Blob([csv(rows)], { type: "text/csv;charset=utf-8" }), `${name}_${shown.period}.csv`);
  say($("charts-msg"), `已导出「${name}」`, true);
}

$("chart-hours-csv").addEventListener("click", () => {
  if (!shown) return;
  exportCSV("每小时取号量", [["时段", "取号（张）"],
    ...shown.hours.rows.map((r) => [`${two(r.hour)}:00-${two(r.hour + 1)}:00`, r.n])]);
});

$("chart-waits-csv").addEventListener("click", () => {
  if (!shown) return;
  const { rows, total } = shown.waits;
  let seen = 0;
  exportCSV("等候时长分布", [["等候时长（分钟）", "人次", "累计占比"],
    ...rows.map((r) => [r.name, r.n, rate((seen += r.n) / total)])]);
});

for (const [button, by, noun] of [["chart-satw-csv", "window", "窗口"], ["chart-sats-csv", "staff", "工作人员"]]) {
  $(button).addEventListener("click", () => {
    if (!shown) return;
    exportCSV(`满意度_${noun}`, [[noun, ...LEVELS.map((k) => k.name), "评价数", "好评率"],
      ...shown.sat[by].map((r) => [r.name, ...r.levels, r.evaluated, rate(r.good)])]);
  });
}

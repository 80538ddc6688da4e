// Chinese formatting of the console's figures: minutes, rates, dates.

// minutes turns seconds into "12.5分钟" (one decimal); null is "—".
export function minutes(s, unit = "分钟") {
  if (s == null) return "—";
  const m = Math.round(s / 6) / 10;
  return `${m.toFixed(1)}${unit}`;
}

// rate turns a ratio into "98.5%", rounded down so it is never overstated.
export function rate(r, sign = "%") {
  if (r == null) return "—";
  if (r >= 1) return `100${sign}`;
  return `${(Math.floor(r * 1000) / 10).toFixed(1)}${sign}`;
}

// shares turns counts that make up total into percentages with one
// decimal that add up to exactly 100% (largest remainder first): rounded
// down or one by one they would not (2 and 5 of 7: 28.6% and 71.4%, not
// 28.5% and 71.4%). Counts that do not add up to total get rate's.
export function shares(parts, total) {
  if (!total) return parts.map(() => "—");
  if (parts.reduce((a, b) => a + b, 0) !== total) return parts.map((n) => rate(n / total));
  const exact = parts.map((n) => (n * 1000) / total);
  const tenths = exact.map(Math.floor);
  let left = 1000 - tenths.reduce((a, b) => a + b, 0);
  for (const i of exact.map((x, i) => i).sort((a, b) => (exact[b] - tenths[b]) - (exact[a] - tenths[a]))) {
    if (left-- <= 0) break;
    tenths[i]++;
  }
  return tenths.map((t) => (t === 1000 ? "100%" : `${(t / 10).toFixed(1)}%`));
}

// dayName turns "2026-11-23" into "2026年11月23日".
export function dayName(d) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(d || "");
  return m ? `${m[1]}年${+m[2]}月${+m[3]}日` : d || "—";
}

// stamp shows an RFC 3339 time from halld (already in the hall's zone) as
// "2026-11-23 10:02", whatever the zone of this computer.
export function stamp(iso) {
  return iso ? iso.slice(0, 10) + " " + iso.slice(11, 16) : "—";
}

// monthStart is the first day of day's month ("2026-11-23" → "2026-11-01").
export function monthStart(day) {
  return day.slice(0, 8) + "01";
}

// rowName names a report's row in its dimension: "3号窗口 不动产登记",
// "张伟（w3）", a service's or department's name, a day.
export function rowName(by, r) {
  switch (by) {
    case "hall": return "全厅";
    case "day": return dayName(r.key);
    case "window": return `${r.key}号窗口${r.name ? " " + r.name : ""}`;
    case "staff": return r.name ? `${r.name}（${r.key}）` : r.key;
    default: return r.name || r.key;
  }
}

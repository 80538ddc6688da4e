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

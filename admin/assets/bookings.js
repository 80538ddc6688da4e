// 预约: one day's appointments (today by default) with what became of
// them, and the people currently blocked from booking (ID numbers masked).
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";

const states = { booked: "已预约", cancelled: "已取消", checked_in: "已签到", no_show: "爽约", closed: "当天不办公，作废" };
const channels = { portal: "网上", phone: "手机" };
const reasons = { no_shows: "本月爽约", cancellations: "本月取消", item_bookings: "当日重复预约同一事项" };

export async function load() {
  const r = await api("GET", "/api/v1/booking/day" + ($("bookings-date").value ? `?date=${$("bookings-date").value}` : ""));
  $("bookings-date").value = r.date;
  const n = (s) => r.bookings.filter((b) => b.state === s).length;
  say($("bookings-summary"), `共 ${r.bookings.length} 个预约：签到 ${n("checked_in")}，爽约 ${n("no_show")}，取消 ${n("cancelled")}，待签到 ${n("booked")}`, true);
  $("bookings").innerHTML = r.bookings.map((b) =>
    `<tr class="${b.state === "no_show" ? "overdue" : ""}"><td>${esc(b.start)}–${esc(b.end)}</td><td>${esc(b.service_name)}</td>` +
    `<td><code>${esc(b.code)}</code></td><td>${esc(b.id_masked)}</td><td>${esc(channels[b.channel] || b.channel)}</td>` +
    `<td>${esc(states[b.state] || b.state)}${b.late ? "（迟到，按普通号）" : ""}</td><td>${esc(b.ticket || "—")}</td></tr>`).join("");
  $("bookings-empty").hidden = r.bookings.length > 0;
  $("booking-blocks").innerHTML = r.blocks.map((k) =>
    `<tr><td>${esc(k.id_masked)}</td><td>${esc(reasons[k.reason] || k.reason)}${k.service ? `（${esc(k.service)}）` : ""}</td>` +
    `<td>${k.count}</td><td>${esc(k.until)}</td></tr>`).join("");
  $("booking-blocks-empty").hidden = r.blocks.length > 0;
}

export function onEvent(ev) {
  if (ev.type.startsWith("booking.") && !$("tab-bookings").hidden) later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 200);
}

$("bookings-form").addEventListener("submit", (ev) => { ev.preventDefault(); load().catch((e) => say($("bookings-summary"), e.message)); });

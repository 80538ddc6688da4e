// 预约签到 on the kiosk: a booking's code, or the ID card laid on the
// kiosk's reader while this screen is open (kiosk.js passes its token to
// checkIn), gives its ticket, printed like any other.
import { call, esc } from "/assets/halld.js";
import { show, showResult, fail, kioskID } from "/kiosk/kiosk.js";

const $ = (id) => document.getElementById(id);
// The confirmation codes' alphabet (no 0/O, no 1/I): package booking.
const keys = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
let busy = false;

const titles = {
  booking_not_found: "没有查到预约", too_early: "还未到签到时间", not_today: "预约不在今天",
  already_checked_in: "已经签到", booking_cancelled: "预约已取消", bad_id_number: "身份证号码有误",
  network: "网络中断", card_gone: "请重新放置身份证",
};

// checkIn checks a booking in by {code} or {id_number} and shows the ticket.
export async function checkIn(body) {
  if (busy) return;
  busy = true;
  show("busy");
  try {
    const r = await call("POST", `/api/v1/kiosks/${encodeURIComponent(kioskID)}/checkin`, body);
    showResult(r);
    if (r.late) {
      $("r-prio").hidden = false;
      $("r-prio").textContent = "已超过预约签到时间，按普通号排队";
    }
  } catch (e) {
    fail(titles[e.code] || "暂时无法签到", e.message);
  } finally {
    busy = false;
  }
}
window.kioskCheckIn = checkIn; // for an ID card reader's page glue

function open() {
  if (!$("busy").hidden) return; // a ticket is being issued: its answer comes first
  $("ci-code").value = "";
  show("checkin");
  $("ci-code").focus();
}

$("ci-keys").innerHTML = [...keys].map((k) => `<button class="ci-key" data-key="${esc(k)}">${esc(k)}</button>`).join("") +
  `<button class="ci-key wide" data-key="del">删除</button>`;
$("ci-keys").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-key]");
  if (!b) return;
  const f = $("ci-code");
  f.value = b.dataset.key === "del" ? f.value.slice(0, -1) : (f.value + b.dataset.key).slice(0, 9);
});
$("ci-code").addEventListener("input", () => { $("ci-code").value = $("ci-code").value.toUpperCase(); });
$("ci-code").addEventListener("keydown", (ev) => { if (ev.key === "Enter") $("ci-go").click(); });
$("ci-go").addEventListener("click", () => {
  const code = $("ci-code").value.trim();
  if (code) checkIn({ code });
});
$("ci-back").addEventListener("click", () => show("start"));
$("checkin-open").addEventListener("click", open);

// The button shows when the hall takes bookings.
call("GET", "/api/v1/booking/phone/services").then((r) => {
  $("checkin-open").hidden = !(r.services && r.services.length);
}).catch(() => {});

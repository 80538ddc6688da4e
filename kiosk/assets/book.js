// The phone booking page (/book/): choose a service, a day and a slot,
// give the ID number (and, if the hall sends SMS, optionally a phone for the
// reminder), get a confirmation code; cancel with code and ID.
import { call, esc } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const page = { days: [], start: "" };

function msg(id, text, bad) {
  $(id).textContent = text;
  $(id).classList.toggle("bad", !!bad);
}

async function loadServices() {
  const r = await call("GET", "/api/v1/booking/phone/services");
  if (!r.services.length) {
    msg("b-msg", "本中心暂未开放预约", true);
    return;
  }
  $("b-phone-row").hidden = !r.sms;
  page.remindMinutes = r.reminder_minutes || 0;
  $("b-service").innerHTML = r.services.map((s) => `<option value="${esc(s.id)}">${esc(s.name)}</option>`).join("");
  $("b-rules").textContent = `请在预约时段前 ${r.checkin_before_minutes} 分钟至开始后 ${r.checkin_after_minutes} 分钟内到取号机“预约签到”；` +
    `时段开始前 ${Math.round(r.cancel_before_minutes / 60 * 10) / 10} 小时以上可取消。逾期未签到计爽约。`;
  await loadSlots();
}

async function loadSlots() {
  page.start = "";
  const svc = $("b-service").value;
  try {
    const r = await call("GET", `/api/v1/booking/phone/slots?service=${encodeURIComponent(svc)}`);
    page.days = r.days;
  } catch (e) {
    msg("b-msg", e.message, true);
    page.days = [];
  }
  $("b-date").innerHTML = page.days.map((d) => `<option value="${esc(d.date)}">${esc(d.date)}</option>`).join("");
  if (!page.days.length) msg("b-msg", "近期没有可预约的时段", true);
  renderSlots();
}

function renderSlots() {
  const day = page.days.find((d) => d.date === $("b-date").value);
  $("b-slots").innerHTML = (day ? day.slots : []).map((s) =>
    `<button role="radio" data-start="${esc(s.start)}" aria-checked="${s.start === page.start}" ${s.free ? "" : "disabled"}>` +
    `${esc(s.start)}–${esc(s.end)}<small>${s.free ? `余 ${s.free}` : "已约满"}</small></button>`).join("");
  $("b-go").disabled = !page.start;
}

async function book() {
  $("b-go").disabled = true;
  const body = { service: $("b-service").value, date: $("b-date").value, start: page.start, id_number: $("b-id").value.trim().toUpperCase() };
  const phone = $("b-phone-row").hidden ? "" : $("b-phone").value.trim();
  if (phone) body.phone = phone;
  try {
    const b = await call("POST", "/api/v1/booking/phone/bookings", body);
    $("d-service").textContent = b.service_name;
    $("d-code").textContent = b.code;
    $("d-when").textContent = `${b.date} ${b.start}–${b.end}`;
    const t = (iso) => iso.slice(11, 16);
    $("d-note").textContent = `请记下预约码，于 ${t(b.checkin_from)}–${t(b.checkin_until)} 到取号机“预约签到”取号。如需取消，请在 ${b.cancel_until.slice(0, 10)} ${t(b.cancel_until)} 前操作。`;
    $("d-sms").hidden = !(b.sms || b.sms_error);
    if (b.sms) $("d-sms").textContent = `将于 ${b.sms.next_at.slice(0, 10)} ${t(b.sms.next_at)} 向 ${b.sms.to} 发送短信提醒。`;
    else if (b.sms_error) $("d-sms").textContent = b.sms_error.message;
    $("make").hidden = true;
    $("done").hidden = false;
  } catch (e) {
    msg("b-msg", e.message, true);
    if (e.code === "slot_full" || e.code === "slot_begun") await loadSlots();
    $("b-go").disabled = !page.start;
  }
}

async function cancel() {
  const code = $("c-code").value.trim().toUpperCase();
  try {
    const b = await call("POST", `/api/v1/booking/phone/bookings/${encodeURIComponent(code)}/cancel`, { id_number: $("c-id").value.trim().toUpperCase() });
    msg("c-msg", `已取消 ${b.date} ${b.start} 的「${b.service_name}」预约`);
    loadSlots();
  } catch (e) {
    msg("c-msg", e.message, true);
  }
}

$("b-service").addEventListener("change", loadSlots);
$("b-date").addEventListener("change", () => { page.start = ""; renderSlots(); });
$("b-slots").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-start]");
  if (!b || b.disabled) return;
  page.start = b.dataset.start;
  renderSlots();
});
$("b-go").addEventListener("click", book);
$("c-go").addEventListener("click", cancel);
$("d-new").addEventListener("click", () => { $("done").hidden = true; $("make").hidden = false; msg("b-msg", ""); loadSlots(); });

loadServices().catch((e) => msg("b-msg", e.message, true));

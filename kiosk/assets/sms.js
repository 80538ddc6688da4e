// The kiosk's optional phone field (短信提醒): shown when the hall sends
// SMS; the number goes with the ticket request and is kept sealed by the
// hall's SMS outbox, never in the ticket.
const $ = (id) => document.getElementById(id);
const mobile = /^1[3-9]\d{9}$/;

// smsOffer shows or hides the field as the kiosk state says.
export function smsOffer(state) {
  $("sms").hidden = !(state && state.sms);
}

// smsPhone is the number to send, "" for none, or null (and the field
// says why) when it is not a mobile number.
export function smsPhone() {
  if ($("sms").hidden) return "";
  const v = $("sms-phone").value.replace(/[\s-]/g, "");
  $("sms-error").hidden = v === "" || mobile.test(v);
  if (v === "" || mobile.test(v)) return v;
  $("sms-phone").focus();
  return null;
}

export function smsClear() {
  $("sms-phone").value = "";
  $("sms-error").hidden = true;
}

// smsResult tells where the notices will go.
export function smsResult(r) {
  const p = $("r-sms");
  p.hidden = !r.sms;
  if (!r.sms) return;
  p.textContent = r.sms.registered ? `临近叫号时将短信提醒至 ${r.sms.to}` : "短信提醒登记失败，请留意大厅叫号";
  p.className = r.sms.registered ? "r-sms" : "r-sms bad";
}

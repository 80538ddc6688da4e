// 受理为办件: the form that ends the current service as an accepted case
// (POST /api/v1/windows/{n}/accept). Keyboard: Tab between fields, Enter
// from any field submits, Esc cancels.
import { call } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const dlg = $("accept");
const form = $("accept-form");
let ctx = null; // {window, token, key, done(view), failed(err)} while open
let stray = ""; // the key that opened the form, until it is released

// The promised days matter for every type but 即办件.
function syncType() {
  const instant = $("acc-type").value === "instant";
  $("acc-days").disabled = instant;
  $("acc-days").required = !instant;
  $("accept-days-row").hidden = instant;
}

// openAccept shows the form for the window's current service. c.key is
// the key that opened it, if any: its character is kept out of the name
// field (a synthetic keyboard, such as the tests' DevTools one, sends it
// even though the opening keydown was cancelled).
export function openAccept(c) {
  ctx = c;
  stray = c.key || "";
  form.reset();
  syncType();
  $("accept-error").textContent = "";
  dlg.showModal();
  $("acc-name").focus();
}

export const acceptOpen = () => dlg.open;

$("acc-type").addEventListener("change", syncType);

// Enter submits from the select and the checkbox too, not only from the
// text fields; on a button it presses the button.
document.addEventListener("keyup", () => { stray = ""; }, true);
form.addEventListener("beforeinput", (ev) => {
  if (stray && ev.data && ev.data.toLowerCase() === stray) ev.preventDefault();
  stray = "";
});

form.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && ev.target.tagName !== "BUTTON") {
    ev.preventDefault();
    form.requestSubmit();
  }
});

$("accept-cancel").addEventListener("click", () => dlg.close());

// inFlight makes one case per press: Enter can reach the form twice (the
// keydown's requestSubmit and the browser's implicit submission), and a
// second accept would find the service already finished.
let inFlight = false;

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (inFlight || !dlg.open) return;
  const err = $("accept-error");
  const name = $("acc-name").value.trim(), company = $("acc-company").value.trim();
  if (!name && !company) {
    err.textContent = "请填写申请人姓名或单位名称";
    $("acc-name").focus();
    return;
  }
  if (!$("acc-days").checkValidity()) {
    err.textContent = "承诺时限须为1–365个工作日";
    $("acc-days").focus();
    return;
  }
  const body = {
    applicant: { name, company, phone: $("acc-phone").value.trim() },
    type: $("acc-type").value,
    urgent: $("acc-urgent").checked,
  };
  if (body.type !== "instant") body.promised_days = Number($("acc-days").value);
  const c = ctx;
  $("accept-submit").disabled = true;
  inFlight = true;
  try {
    const v = await call("POST", `/api/v1/windows/${c.window}/accept`, body, c.token);
    dlg.close();
    c.done(v);
  } catch (e) {
    if (e.code === "session_invalid" || e.code === "no_current_ticket" || e.code === "bad_state") {
      dlg.close();
      c.failed(e);
    } else {
      err.textContent = e.message; // fix the field and try again
    }
  } finally {
    inFlight = false;
    $("accept-submit").disabled = false;
  }
});

// 打卡 (attendance punch) from the login screen: the staff id and PIN
// typed there punch the current slot (POST /api/v1/attendance/punch); a
// dialog confirms the slot and whether it was on time, late or early.
import { call } from "/assets/halld.js";

const $ = (id) => document.getElementById(id);
const statusText = { ontime: "正常", late: "迟到", early: "早退" };

// clock is the HH:MM of a time the hall stamped (in the hall's zone).
const clock = (iso) => iso.slice(11, 16);

async function punch() {
  const staff = $("staff").value.trim(), pin = $("pin").value;
  $("login-error").textContent = "";
  if (!staff || !pin) {
    $("login-error").textContent = "打卡请输入工号和密码";
    return;
  }
  try {
    const p = await call("POST", "/api/v1/attendance/punch", { staff, pin });
    $("pin").value = "";
    $("punched-title").textContent = p.repeat ? "本时段已打卡" : "打卡成功";
    $("punched-who").textContent = `${p.name}（${p.staff}）`;
    $("punched-slot").textContent = `${p.slot_name}（${p.slot_at}） · ${clock(p.at)} 打卡`;
    let s = statusText[p.status] || p.status;
    if (p.minutes) s += ` ${p.minutes} 分钟`;
    $("punched-status").textContent = s;
    $("punched-status").dataset.status = p.status;
    $("punched").showModal();
    $("punched-ok").focus();
  } catch (e) {
    $("login-error").textContent = e.message;
  }
}

$("punch-btn").addEventListener("click", punch);
$("punched-ok").addEventListener("click", () => {
  $("punched").close();
  $("staff").value = "";
  $("staff").focus();
});

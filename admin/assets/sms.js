// 短信 (admins): the SMS outbox — how many wait, were sent or given up, the
// latest messages with their attempts and errors (phones masked), and a
// test message to check the modem or platform.
import { esc, fmtClock } from "/assets/halld.js";
import { $, api, say } from "./session.js";

const states = { queued: "待发送", sent: "已发送", failed: "发送失败", cancelled: "已撤回" };
const kinds = { near: "临近叫号", case_done: "办结领取", test: "测试", appointment: "预约提醒" };
const senders = { modem: "短信猫", webhook: "短信平台", "": "未配置" };

export async function load() {
  let st;
  try {
    st = await api("GET", "/api/v1/sms");
  } catch (e) {
    say($("sms-msg"), e.message);
    return;
  }
  $("sms-summary").textContent = st.enabled
    ? `通道：${senders[st.sender] ?? st.sender} · 待发送 ${st.queued} · 已发送 ${st.sent} · 失败 ${st.failed} · ` +
      `登记提醒 ${st.watching} · 每分钟最多 ${st.rate_per_minute} 条，最多重试 ${st.max_attempts} 次`
    : "本大厅未开通短信通知（hall.toml 的 [sms] enabled = true 开通）";
  $("sms-list").innerHTML = st.messages.map((m) =>
    `<tr class="sms-${esc(m.state)}" data-sms="${esc(m.id)}"><td>${fmtClock(new Date(m.created_at))}</td><td>${esc(m.to)}</td>` +
    `<td>${esc(kinds[m.kind] || m.kind)}</td><td>${esc(m.text)}</td><td>${esc(states[m.state] || m.state)}` +
    `${m.state === "queued" && m.next_at ? `<br><small>${fmtClock(new Date(m.next_at))}</small>` : ""}</td>` +
    `<td>${m.attempts}</td><td>${esc(m.error || "")}</td></tr>`).join("");
  $("sms-empty").hidden = st.messages.length > 0;
}

$("sms-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  try {
    await api("POST", "/api/v1/sms/test", { phone: $("sms-phone").value.trim() });
    say($("sms-msg"), "测试短信已加入队列", true);
    $("sms-phone").value = "";
  } catch (e) {
    say($("sms-msg"), e.message);
  }
  load();
});

// 设备: every device's latest health, faults red and warnings amber, kept
// live from the device.state events.
import { esc } from "/assets/halld.js";
import { $, api } from "./session.js";
import { stamp } from "./format.js";

const kinds = { printer: "打印机", agent: "设备板", certificate: "HTTPS证书", led_board: "LED屏", led_bus: "LED总线", keypad: "评价器", speaker: "音箱", button: "取号按钮", idcard: "身份证阅读器", caller: "呼叫器", screen: "显示屏", centre_link: "中心链路" };
const states = {
  ok: "正常", ready: "正常", warning: "告警", unknown: "检测中", no_printer: "未配置打印机", offline: "离线", paper_out: "缺纸", paper_near_end: "纸将用尽", cover_open: "舱盖打开",
  unplugged: "未连接", printer_error: "打印机故障",
  connected: "已连接", connecting: "连接中", refused: "被拒绝", diverged: "数据分歧",
};

// level groups a driver's state: ok, warn (still works) or fault; a state
// the page does not know is a fault, so nothing new goes unnoticed.
export function level(state) {
  if (state === "ok" || state === "ready" || state === "connected") return "ok";
  if (["warning", "unknown", "no_printer", "connecting"].includes(state) || /near|warn/.test(state)) return "warn";
  return "fault";
}

const byID = new Map();
const naturally = new Intl.Collator("zh-CN", { numeric: true });

export async function load() {
  const list = await api("GET", "/api/v1/devices");
  byID.clear();
  for (const d of list) byID.set(d.id, d);
  render();
}

export function onEvent(ev) {
  if (ev.type !== "device.state") return;
  const d = ev.data.device;
  const old = byID.get(d.id);
  byID.set(d.id, old && old.link ? { ...d, link: old.link } : d);
  render();
}

// detail is a device's detail; the centre link adds its figures (as of
// the last load: they change too often to be events).
function detail(d) {
  if (!d.link) return d.detail || "";
  return `${d.detail || ""}（已上传至第${d.link.published}条，待传${d.link.lag}条）`;
}

function render() {
  // faults first, then warnings, then the rest, each by id in natural
  // order (keypad-3 before keypad-10)
  const order = { fault: 0, warn: 1, ok: 2 };
  const list = [...byID.values()].sort((a, b) => order[level(a.state)] - order[level(b.state)] || naturally.compare(a.id, b.id));
  $("devices").innerHTML = list.map((d) => {
    const lv = level(d.state);
    return `<tr class="${lv}" data-device="${esc(d.id)}"><td>${esc(d.id)}</td><td class="place">${esc(d.location || "")}</td><td>${esc(kinds[d.kind] || d.kind)}</td>` +
      `<td><span class="pill">${esc(states[d.state] || d.state)}</span></td><td>${esc(detail(d))}</td><td>${esc(stamp(d.since))}</td></tr>`;
  }).join("");
  $("devices-empty").hidden = list.length > 0;
  const faults = list.filter((d) => level(d.state) === "fault").length;
  const warns = list.filter((d) => level(d.state) === "warn").length;
  $("devices-summary").textContent = `共${list.length}台` + (faults ? `，${faults}台故障` : "") + (warns ? `，${warns}台告警` : "") +
    (!faults && !warns && list.length ? "，全部正常" : "");
  const badge = $("device-badge");
  badge.hidden = !faults && !warns;
  badge.textContent = String(faults || warns);
  badge.className = "badge" + (faults ? "" : " warn");
}

// 节假日: which years have the official holiday table, the warning when
// next year's is missing (deadlines then count Monday to Friday), and the
// upload of a year's table (admins); and the big screen's notice line,
// which the admin or the hall's centre sets.
import { $, api, request, say } from "./session.js";

export const MISSING_NEXT = "尚未导入明年的节假日安排，承诺件期限按周一至周五计算（临时）";

export async function load() {
  let st;
  try {
    st = await api("GET", "/api/v1/admin/holidays");
  } catch (e) {
    if (e.status !== 403) throw e;
    // The API shows the tables to admins only; a supervisor sees what the
    // cases tell: a deadline counted without a table is marked 临时.
    return supervisorView();
  }
  loadNotice();
  const years = st.years || [];
  $("holiday-years").textContent = years.length ? `已导入：${years.map((y) => y + "年").join("、")}` : "尚未导入任何年份的节假日安排";
  warn(st.missing_next ? MISSING_NEXT : "");
}

async function supervisorView() {
  $("holiday-years").textContent = "节假日安排由管理员导入。";
  const board = await api("GET", "/api/v1/cases?state=open");
  const n = board.cases.filter((c) => c.provisional).length;
  warn(n ? `有${n}件在办承诺件的期限为临时计算（按周一至周五）：缺少节假日安排，请联系管理员导入` : "");
}

function warn(msg) {
  for (const id of ["holiday-warning", "holiday-banner"]) {
    $(id).textContent = msg;
    $(id).hidden = !msg;
  }
}

async function upload() {
  const file = $("holiday-file").files[0];
  if (!file) {
    say($("holiday-msg"), "请选择节假日安排文件（JSON）");
    return;
  }
  say($("holiday-msg"), "正在导入…", true);
  let r;
  try {
    const resp = await request("PUT", "/api/v1/admin/holidays", await file.text());
    r = await resp.json();
  } catch (e) {
    say($("holiday-msg"), e.message); // the server's reason, in Chinese
    return;
  }
  say($("holiday-msg"), `已导入${r.year}年节假日安排，在办承诺件的期限已重新计算`, true);
  $("holiday-file").value = "";
  await load();
}

// noticeEdited: the admin is typing; a reload must not overwrite it.
let noticeEdited = false;

async function loadNotice() {
  try {
    const hall = await api("GET", "/api/v1/hall");
    if (!noticeEdited) $("notice-text").value = hall.notice || "";
  } catch (e) { /* the form stays empty; saving still works */ }
}

async function saveNotice() {
  let r;
  try {
    const resp = await request("PUT", "/api/v1/admin/notice", JSON.stringify({ text: $("notice-text").value }));
    r = await resp.json();
  } catch (e) {
    say($("notice-msg"), e.message); // the server's reason, in Chinese
    return;
  }
  noticeEdited = false;
  say($("notice-msg"), r.text ? "公告已更新，大屏随即显示" : "已恢复默认公告", true);
}

$("holiday-form").addEventListener("submit", (ev) => { ev.preventDefault(); upload(); });
$("notice-form").addEventListener("submit", (ev) => { ev.preventDefault(); saveNotice(); });
$("notice-text").addEventListener("input", () => { noticeEdited = true; });

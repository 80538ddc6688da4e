// 备份 (admins): GET /api/v1/admin/backup with the token, saved as a file
// named for the hall day (a plain link could not send the token).
import { $, api, request, say } from "./session.js";
import { save } from "./download.js";

async function backup() {
  const btn = $("backup-btn");
  btn.disabled = true;
  say($("backup-msg"), "正在备份…", true);
  try {
    const resp = await request("GET", "/api/v1/admin/backup");
    const blob = await resp.blob();
    const { day } = await api("GET", "/api/v1/hall"); // the hall's day, not this PC's
    const name = `halld-backup-${day}.db`;
    save(blob, name);
    say($("backup-msg"), `已下载备份 ${name}（${(blob.size / 1024).toFixed(0)} KB）`, true);
  } catch (e) {
    say($("backup-msg"), e.message);
  } finally {
    btn.disabled = false;
  }
}

$("backup-btn").addEventListener("click", backup);

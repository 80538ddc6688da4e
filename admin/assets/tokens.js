// 接口令牌 (admins): the approval systems' tokens by name; issuing shows the
// token once, revoking ends it at once (after a second click to confirm).
import { esc } from "/assets/halld.js";
import { $, api, say } from "./session.js";

let names = [];
let confirming = ""; // the name whose 吊销 was clicked once

export async function load() {
  names = await api("GET", "/api/v1/admin/tokens");
  render();
}

function render() {
  $("tokens").innerHTML = names.map((n) => `<tr data-token="${esc(n)}"><td>${esc(n)}</td><td>` +
    (n === confirming
      ? `<button type="button" data-revoke="${esc(n)}" class="danger">确认吊销「${esc(n)}」</button> <button type="button" data-keep>取消</button>`
      : `<button type="button" data-ask="${esc(n)}">吊销</button>`) + `</td></tr>`).join("");
  $("tokens-empty").hidden = names.length > 0;
}

async function issue() {
  const name = $("token-name").value.trim();
  let r;
  try {
    r = await api("POST", "/api/v1/admin/tokens", { name });
  } catch (e) {
    say($("token-msg"), e.message);
    return;
  }
  $("token-name").value = "";
  $("token-once-name").textContent = r.name;
  $("token-once-value").textContent = r.token;
  $("token-once").hidden = false;
  say($("token-msg"), names.includes(r.name) ? `已重新签发「${r.name}」，旧令牌即时失效` : `已签发「${r.name}」`, true);
  await load();
}

async function revoke(name) {
  confirming = "";
  try {
    await api("DELETE", `/api/v1/admin/tokens/${encodeURIComponent(name)}`);
  } catch (e) {
    say($("token-msg"), e.message);
    return;
  }
  if ($("token-once-name").textContent === name) $("token-once").hidden = true;
  say($("token-msg"), `已吊销「${name}」，该令牌即时失效`, true);
  await load();
}

// copy puts the token on the clipboard; where the browser does not allow
// it (plain http), the text is selected for Ctrl+C.
async function copy() {
  const code = $("token-once-value");
  try {
    await navigator.clipboard.writeText(code.textContent);
    say($("token-msg"), "已复制到剪贴板", true);
  } catch (e) {
    getSelection().selectAllChildren(code);
    say($("token-msg"), "已选中令牌，请按 Ctrl+C 复制", true);
  }
}

$("token-form").addEventListener("submit", (ev) => { ev.preventDefault(); issue(); });
$("token-copy").addEventListener("click", copy);
$("tokens").addEventListener("click", (ev) => {
  const b = ev.target.closest("button");
  if (!b) return;
  if (b.dataset.ask) confirming = b.dataset.ask;
  else if (b.dataset.revoke) return revoke(b.dataset.revoke);
  else confirming = "";
  render();
});

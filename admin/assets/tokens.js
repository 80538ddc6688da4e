// 接口令牌 and 设备板令牌 (admins): the approval systems' tokens and the
// satellite boards' agent tokens, by name; issuing shows the token once,
// revoking ends it at once (after a second click to confirm). The two
// lists work alike; `kinds` says where each lives.
import { esc, fmtClock } from "/assets/halld.js";
import { $, api, say } from "./session.js";

const kinds = {
  token: {
    path: "/api/v1/admin/tokens", field: "name",
    list: async (k) => (await api("GET", k.path)).map((name) => ({ name })),
  },
  agent: {
    path: "/api/v1/admin/agents", field: "board",
    list: async (k) => (await api("GET", k.path)).agents.map((a) => ({ name: a.board, state: agentState(a) })),
  },
};
for (const k of Object.values(kinds)) Object.assign(k, { rows: [], confirming: "" });

function agentState(a) {
  if (a.revoked) return "已吊销";
  if (!a.last_seen || a.last_seen.startsWith("0001")) return "尚未连接";
  const when = fmtClock(new Date(a.last_seen));
  if (!a.online) return `失去联系（最后 ${when}）`;
  return a.outbox > 0 ? `在线，待送 ${a.outbox} 次按键` : `在线（${when}）`;
}

export async function load() {
  await Promise.all(Object.keys(kinds).map(async (p) => {
    const k = kinds[p];
    try {
      k.rows = await k.list(k);
    } catch (e) {
      say($(`${p}-msg`), e.message);
      k.rows = [];
    }
    render(p);
  }));
}

function render(p) {
  const k = kinds[p];
  $(`${p}s`).innerHTML = k.rows.map(({ name: n, state }) => `<tr data-${p}="${esc(n)}"><td>${esc(n)}</td>` +
    (state !== undefined ? `<td>${esc(state)}</td>` : "") + "<td>" +
    (n === k.confirming
      ? `<button type="button" data-revoke="${esc(n)}" class="danger">确认吊销「${esc(n)}」</button> <button type="button" data-keep>取消</button>`
      : `<button type="button" data-ask="${esc(n)}">吊销</button>`) + `</td></tr>`).join("");
  $(`${p}s-empty`).hidden = k.rows.length > 0;
}

async function issue(p) {
  const k = kinds[p];
  const name = $(`${p}-name`).value.trim();
  let r;
  try {
    r = await api("POST", k.path, { [k.field]: name });
  } catch (e) {
    say($(`${p}-msg`), e.message);
    return;
  }
  const issued = r[k.field];
  $(`${p}-name`).value = "";
  $(`${p}-once-name`).textContent = issued;
  $(`${p}-once-value`).textContent = r.token;
  $(`${p}-once`).hidden = false;
  const again = k.rows.some((row) => row.name === issued);
  say($(`${p}-msg`), again ? `已重新签发「${issued}」，旧令牌即时失效` : `已签发「${issued}」`, true);
  await load();
}

async function revoke(p, name) {
  const k = kinds[p];
  k.confirming = "";
  try {
    await api("DELETE", `${k.path}/${encodeURIComponent(name)}`);
  } catch (e) {
    say($(`${p}-msg`), e.message);
    return;
  }
  if ($(`${p}-once-name`).textContent === name) $(`${p}-once`).hidden = true;
  say($(`${p}-msg`), `已吊销「${name}」，该令牌即时失效`, true);
  await load();
}

// copy puts the token on the clipboard; where the browser does not allow
// it (plain http), the text is selected for Ctrl+C.
async function copy(p) {
  const code = $(`${p}-once-value`);
  try {
    await navigator.clipboard.writeText(code.textContent);
    say($(`${p}-msg`), "已复制到剪贴板", true);
  } catch (e) {
    getSelection().selectAllChildren(code);
    say($(`${p}-msg`), "已选中令牌，请按 Ctrl+C 复制", true);
  }
}

for (const p of Object.keys(kinds)) {
  $(`${p}-form`).addEventListener("submit", (ev) => { ev.preventDefault(); issue(p); });
  $(`${p}-copy`).addEventListener("click", () => copy(p));
  $(`${p}s`).addEventListener("click", (ev) => {
    const b = ev.target.closest("button");
    if (!b) return;
    const k = kinds[p];
    if (b.dataset.ask) k.confirming = b.dataset.ask;
    else if (b.dataset.revoke) return revoke(p, b.dataset.revoke);
    else k.confirming = "";
    render(p);
  });
}

// 电子监察: one list of everything overdue or irregular now. Each source
// below loads its own rows; a failing source shows its error without
// hiding the others. Another domain adds itself with one entry in
// `sources` (a load that fetches its overdue items and returns rows).
import { esc } from "/assets/halld.js";
import { $, api, serviceName } from "./session.js";
import { stamp } from "./format.js";
import { ruleNames } from "./alerts.js";

// A row: what is overdue, where (window, department), since or due when,
// and the tab that handles it.
// sources: { kind, tab, load: async () => [{ what, where, when }] }
export const sources = [
  {
    kind: "办件超期", tab: "cases",
    load: async () => (await api("GET", "/api/v1/cases?state=open")).cases.filter((c) => c.card === "red").map((c) => ({
      what: `办件 ${c.number}（${c.service_name || serviceName(c.service)}）${c.state_name}`,
      where: [c.window ? c.window + "号窗口" : "", c.department].filter(Boolean).join(" · "),
      when: `期限 ${c.due}`,
    })),
  },
  {
    kind: "差评回访逾期", tab: "followups",
    load: async () => (await api("GET", "/api/v1/followups")).filter((f) => f.overdue).map((f) => ({
      what: `${f.number}（${serviceName(f.service)}）${f.level_name}`,
      where: [f.window ? f.window + "号窗口" : "", f.staff_name || f.staff].filter(Boolean).join(" · "),
      when: `${f.state === "open" ? "回访核实" : "整改反馈"}期限 ${f.state === "open" ? f.verify_due : f.close_due}`,
    })),
  },
  {
    // the complaints the 监察投诉窗口 has not taken up or concluded in time
    // (package complaints: Overdue), the longest overdue first
    kind: "投诉逾期", tab: "complaints",
    load: async () => {
      const due = (c) => (c.overdue === "accept" ? c.accept_due : c.conclude_due);
      return (await api("GET", "/api/v1/complaints?state=open")).filter((c) => c.overdue)
        .sort((a, b) => due(a).localeCompare(due(b)) || a.id.localeCompare(b.id)).map((c) => ({
          what: `投诉 ${c.id}${c.service_name ? "（" + c.service_name + "）" : ""}${c.state_name}`,
          where: [c.window ? c.window + "号窗口" : "", c.staff_name || c.staff, c.department].filter(Boolean).join(" · "),
          when: `${c.overdue === "accept" ? "受理" : "办结"}期限 ${due(c)}`,
        }));
    },
  },
  {
    kind: "预警未确认", tab: "alerts",
    load: async () => {
      const b = await api("GET", "/api/v1/alerts");
      const seen = new Set();
      return [...b.open, ...b.today].filter((a) => !a.acked_at && !seen.has(a.id) && seen.add(a.id)).map((a) => ({
        what: `${ruleNames[a.rule] || a.rule}：${a.detail}`,
        where: [a.window ? a.window + "号窗口" : "", a.department].filter(Boolean).join(" · "),
        when: `${stamp(a.raised_at)} 起${a.cleared_at ? "（已解除）" : ""}`,
      }));
    },
  },
  {
    kind: "窗口无人", tab: "alerts",
    load: async () => (await api("GET", "/api/v1/alerts")).open.filter((a) => a.rule === "unstaffed").map((a) => ({
      what: a.detail, where: a.department || "", when: `${stamp(a.raised_at)} 起`,
    })),
  },
];

export async function load() {
  const results = await Promise.allSettled(sources.map((s) => s.load()));
  let total = 0;
  const rows = [];
  results.forEach((r, i) => {
    const s = sources[i];
    if (r.status === "rejected") {
      rows.push(`<tr class="fault"><td>${esc(s.kind)}</td><td colspan="3">无法读取：${esc(r.reason.message)}</td></tr>`);
      return;
    }
    total += r.value.length;
    for (const x of r.value) {
      rows.push(`<tr class="overdue" data-kind="${esc(s.kind)}"><td><a href="#${esc(s.tab)}">${esc(s.kind)}</a></td>` +
        `<td class="reason">${esc(x.what)}</td><td>${esc(x.where || "—")}</td><td>${esc(x.when)}</td></tr>`);
    }
  });
  $("supervision").innerHTML = rows.join("");
  $("supervision-none").hidden = rows.length > 0;
  $("supervision-summary").textContent = results.map((r, i) =>
    `${sources[i].kind} ${r.status === "fulfilled" ? r.value.length : "?"}`).join(" · ");
  const badge = $("supervision-badge");
  badge.hidden = !total;
  badge.textContent = String(total);
}

export function onEvent(ev) {
  if (/^(alert|case|followup|complaint)\./.test(ev.type) && !$("tab-supervision").hidden) later();
}

let timer = 0;
function later() {
  clearTimeout(timer);
  timer = setTimeout(() => load().catch(() => {}), 300);
}

// 办事指南 on the kiosk: the services' guides, read before taking a
// ticket, printed on request on this kiosk's printer.
import { call, esc } from "/assets/halld.js";
import { show, kioskID } from "/kiosk/kiosk.js";
import { guideHTML } from "/kiosk/guideview.js";

const $ = (id) => document.getElementById(id);
let guides = [];
let chosen = "";

async function open() {
  if (!$("busy").hidden) return; // a ticket is being issued: its answer comes first
  chosen = "";
  $("g-view").hidden = true;
  $("g-print").hidden = true;
  $("g-msg").textContent = "";
  show("guide");
  try {
    guides = (await call("GET", "/api/v1/guides")).guides;
  } catch (e) {
    $("g-msg").textContent = e.message;
  }
  $("g-list").hidden = false;
  $("g-list").innerHTML = guides.map((g) =>
    `<button class="svc" data-guide="${esc(g.service)}"><span class="name">${esc(g.service_name)}</span>` +
    `<span class="dept">${esc(g.department || "")}</span></button>`).join("");
}

function view(service) {
  const g = guides.find((x) => x.service === service);
  if (!g) return;
  chosen = service;
  $("g-list").hidden = true;
  $("g-view").innerHTML = guideHTML(g);
  $("g-view").hidden = false;
  $("g-print").hidden = false;
  $("g-msg").textContent = "";
}

async function print() {
  $("g-print").disabled = true;
  try {
    const r = await call("POST", `/api/v1/kiosks/${encodeURIComponent(kioskID)}/guides/${encodeURIComponent(chosen)}/print`);
    $("g-msg").textContent = r.printed ? "已打印，请取走" : `打印失败（${r.print_error ? r.print_error.message : ""}）`;
  } catch (e) {
    $("g-msg").textContent = e.message;
  } finally {
    $("g-print").disabled = false;
  }
}

$("g-list").addEventListener("click", (ev) => {
  const b = ev.target.closest("[data-guide]");
  if (b) view(b.dataset.guide);
});
$("g-back").addEventListener("click", () => (chosen ? open() : show("start")));
$("g-print").addEventListener("click", print);
$("guide-open").addEventListener("click", open);

call("GET", "/api/v1/guides").then(() => { $("guide-open").hidden = false; }).catch(() => {});

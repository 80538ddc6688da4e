// The service guide under the phone ticket page (/t/{id}): what to bring
// and how it goes, while waiting.
import { call } from "/assets/halld.js";
import { guideHTML } from "/kiosk/guideview.js";

async function main() {
  const id = location.pathname.split("/").pop();
  try {
    const t = await call("GET", `/api/v1/tickets/${encodeURIComponent(id)}`);
    const g = await call("GET", `/api/v1/guides/${encodeURIComponent(t.service)}`);
    if (!g.version) {
      document.body.dataset.guide = "none"; // for tests: the answer is in
      return;
    }
    const box = document.getElementById("guide");
    box.innerHTML = `<details open><summary>办事指南</summary>${guideHTML(g)}</details>`;
    box.hidden = false;
    document.body.dataset.guide = "shown";
  } catch (e) { /* no guides in this hall, or no such ticket: the page says so itself */ }
}
main();

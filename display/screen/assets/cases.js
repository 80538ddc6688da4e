// The case-progress board (办件公示) in the big screen's #cases area. See
// package screen for what it shows; screen.js feeds it the hall's events.
import { esc } from "/assets/halld.js";

const ROW_PX = 42; // one row: 32 px text, readable from 10 m
// A cell whose text does not fit is shrunk down to MIN_PX, then wrapped:
// a whole 受理编号 or department matters more than one size for all.
const MIN_PX = 20;
const OPEN = new Set(["accepted", "processing", "suspended"]);
// Finished cases worth showing after the open ones (不予受理 is not 办结).
const DONE = new Set(["done", "awaiting_pickup", "picked_up"]);

// mmdd turns "2026-11-30" or an RFC 3339 time in the hall's zone into
// "11-30": the board shows only the current year's neighbourhood.
const mmdd = (s) => (s ? s.slice(5, 10) : "—");

function remainingText(c) {
  if (!OPEN.has(c.state)) return c.on_time === false ? "超期办结" : c.on_time ? "按期办结" : "";
  if (c.paused) return "暂停计时";
  if (c.remaining == null) return "—";
  if (c.remaining === 0) return "今日到期";
  return c.remaining > 0 ? String(c.remaining) : `超期${-c.remaining}`;
}

function percent(r) {
  if (r == null) return "—";
  if (r >= 1) return "100%";
  return `${Math.floor(r * 1000) / 10}%`; // rounded down: never overstated
}

// CaseBoard fetches the board and pages through it. Options:
//   el        the #cases section
//   today()   the hall's date, "YYYY-MM-DD"
//   shows(c)  whether this screen shows the case (its ?windows=/?services=)
//   window    the one window to ask the API for, or 0
//   pageMs    how long a page stays (default 10 s)
//   debounceMs  how long to gather events before refetching
//   filtered  the screen shows part of the hall (the summary says 全厅)
export class CaseBoard {
  constructor({ el, today, shows, window = 0, pageMs = 10000, debounceMs = 500, filtered = false }) {
    Object.assign(this, { el, today, shows, window, pageMs, debounceMs, filtered });
    this.open = []; // open cases shown, nearest deadline first (the API's order)
    this.finished = new Map(); // number → case finished today
    this.touched = new Map(); // cases changed by events while a full load runs
    this.summary = null;
    this.rows = [];
    this.pages = [[]]; // rows by page
    this.page = 0;
    this.perPage = 1;
    this.loads = 0; // completed fetches, for tests
    this.day = "";
    this.timer = 0;
    this.pending = false;
    this.loading = false;
    this.full = false; // the next fetch reads finished cases too
    this.pager = 0;
  }

  // start loads everything and starts paging.
  start() {
    this.reload();
    clearInterval(this.pager);
    this.pager = setInterval(() => this.flip(), this.pageMs);
  }

  // reload reads open and finished cases again (at start and after a
  // reconnect, when events may have been missed).
  reload() {
    this.full = true;
    this.soon(0);
  }

  onEvent(ev) {
    const c = ev.data && ev.data.case;
    if (c && ev.type.startsWith("case.")) {
      this.note(c);
      this.soon(this.debounceMs);
    } else if (ev.type === "day.closed") {
      this.reload();
    }
  }

  // note keeps the finished-today list from the events: the open list
  // is refetched, but finished cases are only read in full on reload.
  note(c) {
    if (this.loading) this.touched.set(c.number, c);
    if (DONE.has(c.state) && c.finished_at && c.finished_at.slice(0, 10) === this.today()) this.finished.set(c.number, c);
    else this.finished.delete(c.number);
  }

  soon(ms) {
    if (this.loading) {
      this.pending = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetch(), ms);
  }

  async fetch() {
    const full = this.full;
    this.full = false;
    this.loading = true;
    this.touched.clear();
    const q = (full ? "state=all" : "state=open") + (this.window ? `&window=${this.window}` : "");
    try {
      const r = await fetch(`/api/v1/cases?${q}`, { cache: "no-store" });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const b = await r.json();
      const day = this.today();
      this.day = day;
      const mine = b.cases.filter(this.shows);
      this.open = mine.filter((c) => OPEN.has(c.state));
      if (full) {
        this.finished = new Map(mine.filter((c) => DONE.has(c.state) && c.finished_at && c.finished_at.slice(0, 10) === day).map((c) => [c.number, c]));
        for (const c of this.touched.values()) this.note(c); // newer than the answer
      }
      this.summary = b;
      this.loads++;
      this.render();
    } catch (e) {
      if (full) this.full = true; // offline: the reconnect calls reload again
    } finally {
      this.loading = false;
      if (this.pending) {
        this.pending = false;
        this.soon(this.debounceMs);
      }
    }
  }

  // layout pages the open cases, then today's finished ones, latest
  // first, only to fill the last page: they never add a page of their own.
  layout() {
    const cap = this.capacity();
    const done = [...this.finished.values()].filter((c) => c.finished_at.slice(0, 10) === this.day)
      .sort((a, b) => Date.parse(b.finished_at) - Date.parse(a.finished_at));
    this.pages = [[]];
    for (const c of this.open) {
      if (!fits(this.pages.at(-1), c, cap)) this.pages.push([]);
      this.pages.at(-1).push(c);
    }
    for (const c of done) {
      if (!fits(this.pages.at(-1), c, cap)) break;
      this.pages.at(-1).push(c);
    }
    this.rows = this.pages.flat();
    this.perPage = cap;
  }

  // capacity is how many rows fit under the head and the column titles.
  capacity() {
    const head = this.el.querySelector(".c-head"), thead = this.el.querySelector("thead");
    const st = getComputedStyle(this.el);
    const free = this.el.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom) -
      (head ? head.offsetHeight : 48) - (thead ? thead.offsetHeight : ROW_PX);
    return Math.max(1, Math.floor(free / ROW_PX));
  }

  flip() {
    if (this.today() !== this.day) { // remaining days change at midnight
      this.reload();
      return;
    }
    if (this.pages.length <= 1) return;
    this.page = (this.page + 1) % this.pages.length;
    this.draw(true);
  }

  render() {
    if (!this.el.querySelector("table")) this.skeleton();
    this.layout();
    if (this.page >= this.pages.length) this.page = 0;
    const s = this.summary;
    this.el.querySelector(".c-sum").textContent = `${this.filtered ? "全厅" : ""}今日受理 ${s.accepted_today} 件 · 今日办结 ${s.completed_today} 件 · 本月按期办结率 ${percent(s.on_time_rate_month)}`;
    this.draw(false);
  }

  skeleton() {
    this.el.style.setProperty("--row", ROW_PX + "px");
    this.el.innerHTML = `<div class="c-head"><h2>办件公示</h2><span class="c-sum"></span><span class="c-page"></span></div>` +
      `<table><colgroup><col class="c-no"><col class="c-item"><col class="c-who"><col class="c-where"><col class="c-due"><col class="c-state"><col class="c-left"></colgroup>` +
      `<thead><tr><th>受理编号</th><th>办理事项</th><th>申请人</th><th>窗口/部门</th><th>时限</th><th>状态</th><th>剩余工作日</th></tr></thead>` +
      `<tbody></tbody><tfoot hidden><tr><td colspan="7">* 暂定时限：次年法定节假日安排尚未公布，以公布后为准</td></tr></tfoot></table>`;
    fitCells(this.el.querySelectorAll("thead th"));
  }

  draw(slide) {
    const pages = this.pages.length;
    const rows = this.pages[this.page];
    const body = this.el.querySelector("tbody");
    body.innerHTML = rows.length ? rows.map(row).join("") : `<tr class="c-none"><td colspan="7">暂无在办件</td></tr>`;
    fitCells(body.querySelectorAll("td"));
    this.el.querySelector("tfoot").hidden = !rows.some((c) => c.provisional);
    this.el.querySelector(".c-page").textContent = pages > 1 ? `${this.page + 1}/${pages}` : "";
    if (slide) { // the next page scrolls up into place
      body.classList.remove("c-slide");
      void body.offsetWidth;
      body.classList.add("c-slide");
    }
  }
}

// fits: c can join page p of cap rows. A page with a provisional deadline
// gives its last row to the footnote that explains the asterisk.
function fits(p, c, cap) {
  const provisional = c.provisional || p.some((x) => x.provisional);
  return p.length < (provisional ? Math.max(1, cap - 1) : cap);
}

function row(c) {
  const open = OPEN.has(c.state);
  const cls = [open ? "c-open" : "c-done", c.card ? "card-" + c.card : ""].filter(Boolean).join(" ");
  const where = c.window ? `${c.window}号窗口` : c.department || "";
  const due = c.paused ? "—" : mmdd(c.due) + (c.provisional ? "*" : "");
  return `<tr class="${cls}" data-number="${esc(c.number)}">` +
    `<td class="c-no">${esc(c.number)}</td><td class="c-item">${esc(c.service_name)}</td>` +
    `<td class="c-who">${esc(c.applicant)}</td><td class="c-where">${esc(where)}</td>` +
    `<td class="c-due">${esc(due)}</td>` +
    `<td class="c-state">${esc(c.state_name)}</td>` +
    `<td class="c-left">${remainingText(c)}</td></tr>`;
}

// fitCells shrinks the text of each cell that is wider than its column
// (a long 受理编号, a company, a department) and, at MIN_PX, lets it wrap
// onto a second line: the board never cuts a cell off.
function fitCells(cells) {
  for (const td of cells) {
    td.style.fontSize = "";
    td.classList.remove("fit-wrap");
    if (td.scrollWidth <= td.clientWidth) continue;
    const px = parseFloat(getComputedStyle(td).fontSize);
    const k = td.clientWidth / td.scrollWidth;
    td.style.fontSize = Math.max(MIN_PX, Math.floor(px * k)) + "px";
    while (td.scrollWidth > td.clientWidth && parseFloat(td.style.fontSize) > MIN_PX) {
      td.style.fontSize = parseFloat(td.style.fontSize) - 1 + "px";
    }
    if (td.scrollWidth > td.clientWidth) td.classList.add("fit-wrap");
  }
}

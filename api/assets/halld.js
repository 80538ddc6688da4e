// halld.js — the browser client of halld's API, shared by the kiosk, the
// window terminal, the hall screen and the mobile ticket page.
// It has no dependencies and works offline (served by halld itself).

export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// call sends one API request and returns the decoded JSON answer. Errors
// come back as APIError with the server's code and Chinese message; a
// network failure becomes code "network".
export async function call(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["Authorization"] = "Bearer " + token;
  let resp;
  try {
    resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new APIError(0, "network", "网络连接中断，请稍候重试");
  }
  let data = null;
  try { data = await resp.json(); } catch (e) { /* empty body */ }
  if (!resp.ok) {
    const err = (data && data.error) || {};
    throw new APIError(resp.status, err.code || "http_" + resp.status, err.message || "系统繁忙，请稍候重试");
  }
  return data;
}

// Stream follows the hall: it loads /api/v1/hall, then the event stream from
// that state's seq, and reconnects by itself with the last seq it saw, so no
// event is lost or repeated across network blips or halld restarts.
//   onHall(hall)  — the full state it started from (at start, and again
//                   when halld cannot serve the log from its seq: 1011)
//   onEvent(ev)   — every committed event after that state, in order
//   onStatus(ok)  — connection state, for an "offline" badge
//   token()       — staff pages: the session's token, or null; it goes as a
//                   WebSocket subprotocol (never in the URL), and supervisors
//                   and admins then get every event. Others get the public
//                   events; the rest come as {"seq":N,"type":"private"},
//                   which only advance seq and never reach onEvent.
//   onDenied()    — the token was refused or its session ended (close 4401)
export class Stream {
  constructor({ onHall, onEvent, onStatus, token, onDenied } = {}) {
    this.onHall = onHall || (() => {});
    this.onEvent = onEvent || (() => {});
    this.onStatus = onStatus || (() => {});
    this.token = token || (() => null);
    this.onDenied = onDenied || (() => {});
    this.seq = null;
    this.ws = null;
    this.backoff = 500;
    this.stopped = false;
  }

  async start() {
    this.stopped = false;
    await this._connect();
  }

  stop() {
    this.stopped = true;
    if (this.ws) this.ws.close();
  }

  // drop closes the connection as a network blip would (tests use it).
  drop() {
    if (this.ws) this.ws.close();
  }

  // reauth reconnects, from the same seq, when token() is no longer the
  // token the open connection was made with (a login, a logout).
  reauth() {
    const ws = this.ws;
    if (!ws || ws.halldToken === this.token()) return;
    // Not a loss: no offline badge, no backoff.
    this.ws = null;
    ws.onclose = null;
    ws.close();
    this._connect();
  }

  async _connect() {
    if (this.stopped) return;
    try {
      if (this.seq === null) {
        const hall = await call("GET", "/api/v1/hall");
        this.seq = hall.seq;
        this.onHall(hall);
      }
    } catch (e) {
      this._retry();
      return;
    }
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const tok = this.token();
    const url = `${proto}//${location.host}/api/v1/events?since=${this.seq}`;
    const ws = tok ? new WebSocket(url, ["halld.v1", "halld.bearer." + tok]) : new WebSocket(url);
    ws.halldToken = tok;
    this.ws = ws;
    ws.onopen = () => { this.backoff = 500; this.onStatus(true); };
    ws.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      if (ev.seq <= this.seq) return; // never twice
      this.seq = ev.seq;
      if (ev.type !== "private") this.onEvent(ev);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      // 1011: halld cannot serve the log from here (log_damaged): start
      // again from the present state rather than asking for it again.
      if (e.code === 1011) this.seq = null;
      if (e.code === 4401) this.onDenied();
      this.onStatus(false);
      this._retry();
    };
  }

  _retry() {
    if (this.stopped) return;
    setTimeout(() => this._connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 8000);
  }
}

// HallClock reads halld's clock in the hall's time zone, whatever the clock
// and zone of the computer showing the page. sync() it with a time string
// from halld, such as "2026-11-23T10:02:11+08:00" (t0/t1: when the request
// left and its answer came, to take half the round trip off).
export class HallClock {
  constructor() {
    this.offset = 0; // halld's clock minus ours, ms
    this.zone = null; // the hall's UTC offset, ms; null = ours
  }

  sync(iso, t0 = Date.now(), t1 = t0) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) return;
    this.offset = t - (t0 + t1) / 2;
    const z = /([+-])(\d\d):(\d\d)$/.exec(iso);
    this.zone = z ? (z[1] === "-" ? -1 : 1) * (z[2] * 60 + +z[3]) * 60000 : /Z$/.test(iso) ? 0 : null;
  }

  // ms is halld's current time as epoch milliseconds.
  ms() { return Date.now() + this.offset; }

  // now is a Date whose local fields (getHours…) read the hall's wall clock.
  now() {
    const ms = this.ms();
    if (this.zone === null) return new Date(ms);
    return new Date(ms + this.zone + new Date(ms).getTimezoneOffset() * 60000);
  }
}

// Formatting shared by the screens.
export function fmtWait(seconds) {
  if (seconds == null) return "";
  const m = Math.round(seconds / 60);
  if (m < 1) return "即将叫号";
  if (m < 60) return `约${m}分钟`;
  return `约${Math.floor(m / 60)}小时${m % 60 ? (m % 60) + "分钟" : ""}`;
}

export function fmtClock(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function fmtDate(d) {
  const w = "日一二三四五六"[d.getDay()];
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 星期${w}`;
}

// escapeHTML for text put into innerHTML templates.
export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

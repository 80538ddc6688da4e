// The logged-in supervisor or admin: the token (in sessionStorage only),
// who it is, the hall it works on, and API calls made with the token.
import { call, APIError } from "/assets/halld.js";

export const $ = (id) => document.getElementById(id);

export const session = {
  token: sessionStorage.getItem("halld.admin.token"),
  me: null, // {staff, name, role}
  hall: null, // GET /api/v1/hall: names of services and windows, the hall day
  onExpired: () => {},
};

export const isAdmin = () => session.me && session.me.role === "admin";

export function keep(token) {
  session.token = token;
  if (token) sessionStorage.setItem("halld.admin.token", token);
  else sessionStorage.removeItem("halld.admin.token");
}

// api calls the API with the session's token; a token the server no longer
// knows sends the person back to the login form.
export async function api(method, path, body) {
  try {
    return await call(method, path, body, session.token);
  } catch (e) {
    if (e.code === "session_invalid") session.onExpired();
    throw e;
  }
}

// request is api for bodies that are not built here (a file's text) and
// answers that are not JSON (the backup): it returns the Response once
// the server has said yes, and throws the server's error otherwise.
export async function request(method, path, body) {
  const headers = { Authorization: "Bearer " + session.token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let resp;
  try {
    resp = await fetch(path, { method, headers, body });
  } catch (e) {
    throw new APIError(0, "network", "网络连接中断，请稍候重试");
  }
  if (resp.ok) return resp;
  let err = {};
  try { err = (await resp.json()).error || {}; } catch (e) { /* not JSON */ }
  if (err.code === "session_invalid") session.onExpired();
  throw new APIError(resp.status, err.code || "http_" + resp.status, err.message || "系统繁忙，请稍候重试");
}

// say shows a message in el: red for a failure, green when ok.
export function say(el, msg, ok) {
  el.textContent = msg || "";
  el.classList.toggle("ok", !!ok);
}

// serviceName and windowName read the hall's names, falling back to the id.
export function serviceName(id) {
  const s = session.hall && session.hall.services.find((x) => x.id === id);
  return s ? s.name : id;
}

export function windowName(n) {
  const w = session.hall && session.hall.windows.find((x) => x.number === n);
  return w ? `${n}号窗口 ${w.name}` : `${n}号窗口`;
}

// Package web is the centre's page, /centre/, and its JSON API under
// /centre/api/ (docs/centre.md): every hall live, the figures of a period
// by hall, department, window or staff (with a CSV export), 好差评 shares,
// overdue 差评 follow-ups and overdue cases across halls.
//
// The page is a client of the API: it logs in with a centre
// administrator's id and PIN (centre.toml's [[admin]], hashed like a
// hall's staff), keeps the token in the tab's sessionStorage and polls
// the halls every few seconds. Its scripts are its own files (no inline
// script, no CDN), under the same Content-Security-Policy as halld's.
//
// Caveats: sessions live in memory (a restart logs everyone out) and
// failed logins are slowed, not locked out. A hall is "stale" when its
// live record is older than the configured seconds; the page then shows
// "last known, N minutes ago".
package web

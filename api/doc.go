// Package api is halld's HTTP and WebSocket interface: JSON over HTTP for
// kiosks, window terminals and integrators, and the committed event stream
// over WebSocket. It translates requests into queue engine calls and the
// engine's refusals into HTTP statuses; it holds no hall state of its own.
//
// It is a top-level package because it fits none of the design card's
// rooms: queue must not know HTTP, and the screens (kiosk/, display/) are
// clients of this API rather than its owners. docs/api.md is its contract.
//
// Caveats: the event stream is readable by anyone on the hall network (it
// carries only public views: numbers, windows, staff names, never personal
// data); window verbs need a bearer token from /api/v1/login.
package api

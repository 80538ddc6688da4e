// Package httpjson is how halld speaks JSON over HTTP: one error shape
// ({"error":{"code","message"}}: an English code for programs, a Chinese
// message for people), strict request decoding, the mapping from the queue
// engine's refusals to HTTP statuses, and the bearer token. The API and
// every handler mounted beside it (kiosk, evaluation pads, board agents)
// use it, so an answer looks the same whichever package wrote it.
//
// docs/api.md is the contract these answers keep: codes, statuses and
// messages must not change without it.
//
// Caveats: Fail knows the queue's error kinds (that is its purpose), so
// this package imports queue; queue must never import it. Anything that is
// not a *queue.Error is logged and answered as a 500 "internal", without
// its text, so internal detail never reaches a client.
package httpjson

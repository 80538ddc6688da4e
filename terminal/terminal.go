// Package terminal is the clerk's window terminal (窗口终端): a web page,
// served by halld, from which a clerk logs in at a window and calls,
// recalls, starts, finishes, marks no-shows, holds, calls back, transfers
// and pauses — every verb with a button and a keyboard shortcut, since a
// clerk calls hundreds of tickets a day without the mouse. While a ticket
// is in service, 受理为办件 (A) opens a form — applicant name or company,
// optional phone, case type, promised working days (not for 即办件), 急办
// — that ends the service as a case (POST /api/v1/windows/{n}/accept)
// and shows the case number; Tab moves, Enter submits, Esc cancels.
//
// The page is a client of the public API (docs/api.md) and keeps its token
// in the tab's sessionStorage only, so closing the tab forgets it.
//
// It is a top-level package because the design card's rooms do not fit it:
// it is not the applicants' kiosk, nor a hall display.
//
// Caveat: it is laid out for a 1366×768 clerk PC and a 1024×600 (7-inch)
// window tablet; smaller screens scroll.
package terminal

import (
	"embed"
	"net/http"

	"halld/internal/pagefs"
)

//go:embed assets
var assets embed.FS

// Handler serves the terminal's page and its scripts under /terminal/.
func Handler() http.Handler { return pagefs.Handler(assets, "assets", "/terminal/") }

// Register mounts the terminal on a mux such as *api.Server.
func Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /terminal/", Handler())
}

package kiosk

import (
	"embed"
	"net/http"

	"halld/internal/pagefs"
)

// The pages are embedded: a hall needs no network and no CDN.
//
//go:embed assets
var assets embed.FS

// pageHandler serves the kiosk page (/kiosk/?id=…) and the scripts and
// styles of both pages under /kiosk/.
func pageHandler() http.Handler { return pagefs.Handler(assets, "assets", "/kiosk/") }

// casePageHandler serves the applicants' case lookup (办件查询).
func casePageHandler() http.Handler { return pagefs.File(assets, "assets/case.html") }

// ticketPageHandler serves the mobile ticket page for every ticket id; the
// page reads the id from its path and loads the ticket through the API.
// Ticket ids are capabilities: pagefs.File keeps them out of other sites'
// logs (no Referer).
func ticketPageHandler() http.Handler { return pagefs.File(assets, "assets/ticket.html") }

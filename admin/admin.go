// Package admin is the console of the hall's supervisors (值班长) and
// administrators (管理员): a web page at /admin/, served by halld, showing
// the devices' health, the 考核 statistics with a CSV download and the
// period's charts (tickets by hour, the waits' histogram with its 90th
// percentile, satisfaction by window and by staff), the open
// 差评 follow-ups, the case board (办件), the holiday tables, the approval
// systems' API tokens and an online backup.
//
// The page is a client of the public API (docs/api.md), like the window
// terminal: it logs in without a window (POST /api/v1/login, window 0),
// keeps the token in the tab's sessionStorage only and follows the event
// stream for devices, follow-ups and cases. Every permission is the
// server's: the page only hides what a role may not use (a supervisor sees
// the holiday status but cannot upload a table, and sees no tokens or
// backup), and shows the server's Chinese message when it refuses.
//
// It is a top-level package for the same reason as terminal: it is neither
// the applicants' kiosk nor a hall display.
//
// Caveats: it is laid out for a 1366×768 office PC; the CSV and the backup
// are built in the browser from the API's answers (the CSV in UTF-8 with a
// byte-order mark, so that Excel opens the Chinese text correctly). The
// charts are inline SVG drawn by the page's own script (assets/svg.js), no
// chart library or CDN, from the report's histograms; their p90 is at the
// report's 5-minute resolution. Each chart exports its own CSV.
package admin

import (
	"embed"
	"net/http"

	"halld/internal/pagefs"
)

//go:embed assets
var assets embed.FS

// Handler serves the console's page and its scripts under /admin/.
func Handler() http.Handler { return pagefs.Handler(assets, "assets", "/admin/") }

// Register mounts the console on a mux such as *api.Server: GET /admin/.
func Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /admin/", Handler())
}

package api

import (
	"embed"
	"net/http"

	"halld/internal/pagefs"
)

//go:embed assets
var assets embed.FS

// assetHandler serves the shared browser client (/assets/halld.js). The
// files are embedded, so a hall needs no network and no CDN.
func assetHandler() http.Handler { return pagefs.Handler(assets, "assets", "/assets/") }

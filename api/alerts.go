package api

import (
	"net/http"
	"time"

	"halld/internal/httpjson"
	"halld/queue/alerts"
)

// WithAlerts serves the 超时预警 alerts of m (docs/api.md, "Alerts").
func (s *Server) WithAlerts(m *alerts.Monitor) {
	s.mux.HandleFunc("GET /api/v1/alerts", func(w http.ResponseWriter, r *http.Request) {
		b, err := m.List(bearer(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, b)
	})
	s.mux.HandleFunc("POST /api/v1/alerts/{id}/ack", func(w http.ResponseWriter, r *http.Request) {
		a, err := m.Ack(bearer(r), r.PathValue("id"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, a)
	})
	s.mux.HandleFunc("GET /api/v1/alerts/stats", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		now := time.Now().In(s.e.Hall().Location)
		from, to := q.Get("from"), q.Get("to")
		if from == "" {
			from = now.Format("2006-01") + "-01"
		}
		if to == "" {
			to = now.Format(time.DateOnly)
		}
		rows, err := m.Stats(bearer(r), from, to)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "rows": rows})
	})
}

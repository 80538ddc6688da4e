package web

import (
	"net/http"
	"time"

	"halld/internal/httpjson"
)

// supervision answers every hall's 超时预警, 投诉 and 预约 figures for a
// period (as figures takes it; by is not used): alerts raised, acknowledged
// and still open by day and rule, complaints open and overdue today and
// concluded in the period, bookings for the period's days.
func (s *Server) supervision(w http.ResponseWriter, r *http.Request) {
	from, to, _, err := s.period(r)
	if err != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_period", "统计区间有误："+err.Error())
		return
	}
	today := s.today()
	rows, err := s.Store.SupervisionFigures(r.Context(), from, to, today)
	if err != nil {
		s.fail(w, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, map[string]any{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly),
		"today": today.Format(time.DateOnly), "rows": rows})
}

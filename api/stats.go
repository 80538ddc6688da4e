package api

import (
	"net/http"
	"time"

	"halld/internal/httpjson"
	"halld/queue/hall"
)

// report answers GET /api/v1/stats?from=2026-11-01&to=2026-11-30&by=window
// for supervisors and admins (staff figures are not public). Without dates
// it is this month so far.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sess.Role != hall.RoleSupervisor && sess.Role != hall.RoleAdmin {
		httpjson.WriteError(w, http.StatusForbidden, "not_allowed", "只有值班长和管理员可以查看统计")
		return
	}
	q := r.URL.Query()
	now := time.Now().In(s.e.Hall().Location)
	from, to, by := q.Get("from"), q.Get("to"), q.Get("by")
	if from == "" {
		from = now.Format("2006-01") + "-01"
	}
	if to == "" {
		to = now.Format(time.DateOnly)
	}
	if by == "" {
		by = "hall"
	}
	rows, err := s.e.Report(from, to, by)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "by": by, "rows": rows})
}

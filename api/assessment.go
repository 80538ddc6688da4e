package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"halld/internal/httpjson"
	"halld/queue/assess"
	"halld/queue/hall"
)

// WithAssessment serves the monthly 考核 from l:
// GET /api/v1/assessment?month=2026-11[&format=csv].
func (s *Server) WithAssessment(l *assess.Ledger) {
	s.mux.HandleFunc("GET /api/v1/assessment", func(w http.ResponseWriter, r *http.Request) { s.assessment(w, r, l) })
}

// assessment answers supervisors and admins (staff scores are not public).
// Without a month it is this month so far.
func (s *Server) assessment(w http.ResponseWriter, r *http.Request, l *assess.Ledger) {
	sess, err := s.e.Authenticate(bearer(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if sess.Role != hall.RoleSupervisor && sess.Role != hall.RoleAdmin {
		httpjson.WriteError(w, http.StatusForbidden, "not_allowed", "只有值班长和管理员可以查看考核")
		return
	}
	q := r.URL.Query()
	month := q.Get("month")
	if month == "" {
		month = time.Now().In(s.e.Hall().Location).Format("2006-01")
	}
	if _, _, err := assess.ParseMonth(month); err != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_month", "月份应为 YYYY-MM，如 2026-11")
		return
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_format", "format 只能是 json 或 csv")
		return
	}
	rep, err := l.Month(month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if format != "csv" {
		httpjson.WriteJSON(w, http.StatusOK, rep)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="assessment-`+month+`.csv"`)
	w.Write([]byte("\uFEFF")) // Excel opens UTF-8 Chinese text only after a byte-order mark
	writeAssessmentCSV(w, rep)
}

// writeAssessmentCSV writes one line per unit's total, per item and per
// flag, each item with the events it came from ("#seq ref").
func writeAssessmentCSV(w http.ResponseWriter, rep assess.Report) {
	c := csv.NewWriter(w)
	c.Write([]string{"月份", "类别", "编号", "名称", "项目", "次数", "分值", "得分", "等次", "依据"})
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	unit := func(kind string, sc assess.UnitScore) {
		c.Write([]string{rep.Month, kind, sc.ID, sc.Name, "合计", "", "", num(sc.Total), sc.Grade, ""})
		for _, it := range sc.Items {
			basis := it.Basis
			if basis == "" {
				basis = refs(it.Sources)
			}
			if it.Limited {
				basis = "（已扣至本项上限）" + basis
			}
			c.Write([]string{rep.Month, kind, sc.ID, sc.Name, it.Name, strconv.Itoa(it.Count), num(it.Points), "", "", basis})
		}
		for _, f := range sc.Flags {
			c.Write([]string{rep.Month, kind, sc.ID, sc.Name, f.Message, "", "", "", "", refs(f.Sources)})
		}
	}
	for _, sc := range rep.Departments {
		unit("窗口单位", sc)
	}
	for _, sc := range rep.Staff {
		unit("工作人员", sc)
	}
	if p := rep.Period; p != nil {
		for _, st := range p.RedFlag {
			c.Write([]string{rep.Month, "流动红旗", st.ID, st.Name, p.Months[0] + "～" + p.Months[1], "", "", num(st.Average), "", ""})
		}
		for _, st := range p.Advanced {
			c.Write([]string{rep.Month, "先进个人", st.ID, st.Name, p.Months[0] + "～" + p.Months[1], "", "", num(st.Average), "", ""})
		}
	}
	c.Flush()
}

func refs(src []assess.Source) string {
	var b strings.Builder
	for i, s := range src {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "#%d", s.Seq)
		if s.Ref != "" {
			b.WriteString(" " + s.Ref)
		}
	}
	return b.String()
}

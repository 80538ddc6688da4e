package api

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
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
	s.mux.HandleFunc("GET /api/v1/assessment/board", func(w http.ResponseWriter, r *http.Request) { s.assessmentBoard(w, r, l) })
}

// boardView is the public 红黑榜 of a month: units ranked, the latest
// period's 流动红旗 and 先进个人 (name and 工号, as the windows show them)
// and, on the black side, the units that lost points — never a deduction's
// details, flags or anyone's 差评.
type boardView struct {
	Month    string          `json:"month"`
	Units    []boardUnit     `json:"units"` // best first
	Black    []boardUnit     `json:"black"` // below the base, worst first (at most 3)
	Period   [2]string       `json:"period"`
	RedFlag  []string        `json:"red_flag"`
	Advanced []assess.Person `json:"advanced"`
}

type boardUnit struct {
	Name  string  `json:"name"`
	Total float64 `json:"total"`
	Grade string  `json:"grade"`
}

// assessmentBoard answers GET /api/v1/assessment/board?month=2026-11
// (public: the big screen). Without a month it is last month, the last
// one complete.
func (s *Server) assessmentBoard(w http.ResponseWriter, r *http.Request, l *assess.Ledger) {
	now := time.Now().In(s.e.Hall().Location)
	month := r.URL.Query().Get("month")
	if month == "" {
		month = time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	y, m, err := assess.ParseMonth(month)
	if err != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_month", "月份应为 YYYY-MM，如 2026-11")
		return
	}
	// Months that are over only: their facts are kept once read, so the
	// public cannot make halld read the log again and again.
	if month >= now.Format("2006-01") {
		httpjson.WriteError(w, http.StatusBadRequest, "month_not_over", "红黑榜只公布已结束的月份")
		return
	}
	rep, err := l.Month(month)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rep.Period == nil { // an odd month: the period that ended with the one before
		prev, err := l.Month(time.Date(y, m-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rep.Period = prev.Period
	}
	v := boardView{Month: month, Units: []boardUnit{}, Black: []boardUnit{}, RedFlag: []string{}, Advanced: []assess.Person{}}
	for _, sc := range rep.Departments {
		v.Units = append(v.Units, boardUnit{sc.Name, sc.Total, sc.Grade})
	}
	slices.SortStableFunc(v.Units, func(a, b boardUnit) int { return cmp.Compare(b.Total, a.Total) })
	for i := len(v.Units) - 1; i >= 0 && len(v.Black) < 3; i-- {
		if v.Units[i].Total < rep.Base {
			v.Black = append(v.Black, v.Units[i])
		}
	}
	if p := rep.Period; p != nil {
		v.Period = p.Months
		for _, st := range p.RedFlag {
			v.RedFlag = append(v.RedFlag, st.Name)
		}
		for _, st := range p.Advanced {
			v.Advanced = append(v.Advanced, assess.Person{ID: st.ID, Name: st.Name})
		}
	}
	httpjson.WriteJSON(w, http.StatusOK, v)
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

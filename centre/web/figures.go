package web

import (
	"encoding/csv"
	"fmt"
	"halld/internal/httpjson"
	"net/http"
	"strconv"
	"time"

	"halld/centre/store"
)

// period reads period (today, month: by the centre's clock in CST) or
// from and to (YYYY-MM-DD, default today), and by (default hall).
func (s *Server) period(r *http.Request) (from, to time.Time, by string, err error) {
	today := s.today()
	q := r.URL.Query()
	parse := func(name string) (time.Time, error) {
		v := q.Get(name)
		if v == "" {
			return today, nil
		}
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return d, fmt.Errorf("%s=%q: want YYYY-MM-DD", name, v)
		}
		return d, nil
	}
	switch q.Get("period") {
	case "today":
		from, to = today, today
	case "month":
		from, to = today.AddDate(0, 0, 1-today.Day()), today
	case "":
		if from, err = parse("from"); err != nil {
			return
		}
		if to, err = parse("to"); err != nil {
			return
		}
	default:
		return from, to, "", fmt.Errorf("period=%q: want today or month", q.Get("period"))
	}
	if to.Before(from) || to.Sub(from) > 366*24*time.Hour {
		return from, to, "", fmt.Errorf("from %s to %s: at most a year, from before to", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	by = q.Get("by")
	switch by {
	case "":
		by = store.ByHall
	case store.ByHall, store.ByDepartment, store.ByWindow, store.ByStaff:
	default:
		return from, to, "", fmt.Errorf("by=%q: want hall, department, window or staff", by)
	}
	return from, to, by, nil
}

// today is the halls' date now (CST), as a date at UTC midnight.
func (s *Server) today() time.Time {
	y, m, d := s.now().In(store.CST).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (s *Server) figures(w http.ResponseWriter, r *http.Request) {
	from, to, by, err := s.period(r)
	if err != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_period", "统计区间有误："+err.Error())
		return
	}
	fs, err := s.Store.Figures(r.Context(), from, to, by)
	if err != nil {
		s.fail(w, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, map[string]any{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly),
		"by": by, "rows": fs})
}

var byTitle = map[string]string{store.ByHall: "", store.ByDepartment: "部门", store.ByWindow: "窗口", store.ByStaff: "工作人员"}

// figuresCSV is the figures as CSV in UTF-8 with a byte-order mark, so
// that Excel opens the Chinese text correctly.
func (s *Server) figuresCSV(w http.ResponseWriter, r *http.Request) {
	from, to, by, err := s.period(r)
	if err != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_period", "统计区间有误："+err.Error())
		return
	}
	fs, err := s.Store.Figures(r.Context(), from, to, by)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="centre-%s-%s-%s.csv"`,
		by, from.Format("20060102"), to.Format("20060102")))
	w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	head := []string{"大厅编号", "大厅"}
	if t := byTitle[by]; t != "" {
		head = append(head, t)
	}
	head = append(head, "取号", "叫号", "办结", "过号", "平均等候(秒)", "最长等候(秒)", "平均办理(秒)",
		"评价数", "主动评价", "非常不满意", "不满意", "基本满意", "满意", "非常满意", "好评率(%)")
	cw.Write(head)
	itoa := strconv.Itoa
	for _, f := range fs {
		row := []string{f.Hall, f.HallName}
		if byTitle[by] != "" {
			row = append(row, f.Key)
		}
		rate := ""
		if f.Rated > 0 {
			rate = strconv.FormatFloat(100*float64(f.Good)/float64(f.Rated), 'f', 1, 64)
		}
		row = append(row, itoa(f.Issued), itoa(f.Called), itoa(f.Served), itoa(f.NoShow), itoa(f.AvgWaitS),
			itoa(f.MaxWaitS), itoa(f.AvgServiceS), itoa(f.Rated), itoa(f.Active),
			itoa(f.Levels[1]), itoa(f.Levels[2]), itoa(f.Levels[3]), itoa(f.Levels[4]), itoa(f.Levels[5]), rate)
		cw.Write(row)
	}
	cw.Flush()
}

func (s *Server) overdueFollowUps(w http.ResponseWriter, r *http.Request) {
	fs, err := s.Store.OverdueFollowUps(r.Context(), s.today())
	if err != nil {
		s.fail(w, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, fs)
}

func (s *Server) overdueCases(w http.ResponseWriter, r *http.Request) {
	cs, err := s.Store.OverdueCases(r.Context(), s.today())
	if err != nil {
		s.fail(w, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusOK, cs)
}

package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/audit"
	"halld/queue/hall"
	"halld/queue/workday"
)

// WithAudit notes the origin of every successful change request in t and
// serves the audit trail (docs/api.md, 操作日志).
func (s *Server) WithAudit(t *audit.Trail) {
	s.audit = t
	s.mux.HandleFunc("GET /api/v1/audit", s.auditTrail)
}

// TerminalHeader names the terminal a request comes from, for the audit
// trail (the window terminal and the console send it; integrators may).
const TerminalHeader = "X-Halld-Terminal"

type noteKey struct{}

// changes reports whether r may change something (and is the API's).
func changes(r *http.Request) bool {
	return r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions &&
		strings.HasPrefix(r.URL.Path, "/api/")
}

// audited serves a change request and notes its origin when it succeeded
// for someone: a session's staff, a system's token, or a login.
func (s *Server) audited(w http.ResponseWriter, r *http.Request) {
	note := &audit.Note{Origin: audit.Origin{Remote: r.RemoteAddr,
		Terminal: clip(r.Header.Get(TerminalHeader), 64), Agent: clip(r.UserAgent(), 160)}}
	if tok := bearer(r); tok != "" {
		if sess, err := s.e.Authenticate(tok); err == nil && sess.Role != queue.RoleAgent { // boards relay presses
			note.Staff, note.Role = sess.Staff, sess.Role
		}
	}
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	note.From = s.audit.Seq()
	r = r.WithContext(context.WithValue(r.Context(), noteKey{}, note))
	s.mux.ServeHTTP(sw, r) // sets r.Pattern
	note.To = s.audit.Seq()
	if sw.code < 300 && note.Staff != "" {
		note.Action = r.Pattern
		if note.Action == "" {
			note.Action = r.Method + " " + r.URL.Path
		}
		s.audit.Add(*note)
	}
}

// noteStaff names who a request acted for when its token does not (a
// login): the audit trail's note takes it.
func noteStaff(r *http.Request, sess queue.Session) {
	if n, ok := r.Context().Value(noteKey{}).(*audit.Note); ok {
		n.Staff, n.Role = sess.Staff, sess.Role
	}
}

// clip keeps a header's first n characters, valid UTF-8 and one line.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s), "")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n])
	}
	return s
}

type statusWriter struct {
	http.ResponseWriter
	code    int
	written bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.written {
		w.code, w.written = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.written = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// maxAuditDays bounds one read of the trail.
const maxAuditDays = 366

// auditTrail answers ?from=&to= (hall days, default today), as JSON or,
// with ?format=csv, as a CSV file; supervisors and admins only.
func (s *Server) auditTrail(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.sessionOf(w, r)
	if !ok {
		return
	}
	if sess.Role != hall.RoleSupervisor && sess.Role != hall.RoleAdmin {
		httpjson.WriteError(w, http.StatusForbidden, "not_allowed", "只有值班长和管理员可以查看操作日志")
		return
	}
	q := r.URL.Query()
	today := s.e.Hall().Day(time.Now())
	from, to := q.Get("from"), q.Get("to")
	if from == "" {
		from = today
	}
	if to == "" {
		to = from
	}
	f, err1 := workday.ParseDate(from)
	t, err2 := workday.ParseDate(to)
	if err1 != nil || err2 != nil {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_date", "日期格式应为 YYYY-MM-DD")
		return
	}
	if t.Before(f) || t.AddDays(-maxAuditDays).After(f) {
		httpjson.WriteError(w, http.StatusBadRequest, "bad_range", fmt.Sprintf("查询范围须为起始日期起%d天以内", maxAuditDays))
		return
	}
	list, truncated, err := s.audit.Entries(f.String(), t.String())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch q.Get("format") {
	case "", "json":
		if list == nil {
			list = []audit.Entry{}
		}
		httpjson.WriteJSON(w, http.StatusOK, struct {
			From      string        `json:"from"`
			To        string        `json:"to"`
			Truncated bool          `json:"truncated,omitempty"`
			Entries   []audit.Entry `json:"entries"`
		}{f.String(), t.String(), truncated, list})
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-%s-%s.csv"`, f, t))
		w.Header().Set("Cache-Control", "no-store")
		w.Write(auditCSV(list))
	default:
		httpjson.WriteError(w, http.StatusBadRequest, "bad_format", "format 只能是 json 或 csv")
	}
}

// auditCSV is the trail as CSV, UTF-8 with a byte-order mark (Excel).
func auditCSV(list []audit.Entry) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	cw.Write([]string{"序号", "时间", "工号", "姓名", "角色", "操作", "对象", "窗口", "地址", "终端", "浏览器", "类型"})
	for _, e := range list {
		win, seq := "", ""
		if e.Window != 0 {
			win = strconv.Itoa(e.Window)
		}
		if e.Seq != 0 {
			seq = strconv.FormatUint(e.Seq, 10)
		}
		row := []string{seq, e.At.Format("2006-01-02 15:04:05"), e.Actor, e.ActorName, e.Role, e.What, e.Object, win,
			e.Remote, e.Terminal, e.Agent, e.Action}
		for i, c := range row { // a spreadsheet must not run a cell as a formula
			if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
				row[i] = "'" + c
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return b.Bytes()
}

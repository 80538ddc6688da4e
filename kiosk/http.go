package kiosk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"halld/queue"
	"halld/queue/hall"
)

// Register mounts the kiosk API and pages on a mux such as *api.Server.
func (k *Kiosk) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /api/v1/kiosks/{id}", http.HandlerFunc(k.state))
	mux.Handle("POST /api/v1/kiosks/{id}/tickets", http.HandlerFunc(k.issue))
	mux.Handle("GET /kiosk/", pageHandler())
	mux.Handle("GET /t/{id}", ticketPageHandler())
}

// State is the answer of GET /api/v1/kiosks/{id}.
type State struct {
	ID      string        `json:"id"`
	Printer PrinterStatus `json:"printer"`
	// OffersTickets is false while the printer is faulty; Refusal then
	// says why, in the words the screen shows.
	OffersTickets bool                 `json:"offers_tickets"`
	Refusal       *printFailure        `json:"refusal,omitempty"`
	Priorities    []hall.PriorityClass `json:"priorities"`
	IdleTimeoutS  int                  `json:"idle_timeout_s"`
	StatusPollMS  int                  `json:"status_poll_ms"`
	Now           time.Time            `json:"now"` // the hall's clock, for the screen
}

// issueRequest is the body of POST /api/v1/kiosks/{id}/tickets.
type issueRequest struct {
	Service  string `json:"service"`
	Priority string `json:"priority,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
}

// issueAnswer is its answer.
type issueAnswer struct {
	Ticket     queue.TicketView `json:"ticket"`
	Printed    bool             `json:"printed"`
	PrintError *printFailure    `json:"print_error,omitempty"`
}

// kioskOf finds {id}; it writes the 404 itself.
func (k *Kiosk) kioskOf(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if _, ok := k.opt.Printers[id]; !ok {
		writeError(w, http.StatusNotFound, "kiosk_not_found", "没有这台取号机，请检查取号机编号")
		return "", false
	}
	return id, true
}

// refusal is the reason a kiosk does not issue now, or nil.
func refusal(s PrinterStatus) *printFailure {
	if s.Level != LevelFault {
		return nil
	}
	return &printFailure{Code: "printer_unavailable", Message: s.Message + "，暂停取号，请联系工作人员"}
}

func (k *Kiosk) state(w http.ResponseWriter, r *http.Request) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	ps := k.status(id)
	pr := k.e.Hall().Priorities
	if pr == nil {
		pr = []hall.PriorityClass{}
	}
	ref := refusal(ps)
	writeJSON(w, http.StatusOK, State{
		ID: id, Printer: ps, OffersTickets: ref == nil, Refusal: ref, Priorities: pr,
		IdleTimeoutS: int(k.opt.IdleTimeout / time.Second), StatusPollMS: int(k.opt.StatusPoll / time.Millisecond),
		Now: k.now().In(k.e.Hall().Location),
	})
}

func (k *Kiosk) issue(w http.ResponseWriter, r *http.Request) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	var req issueRequest
	if !decode(w, r, &req) {
		return
	}
	// Refuse before issuing: a ticket that cannot be printed is lost.
	if ref := refusal(k.status(id)); ref != nil {
		k.log.Info("kiosk refused: printer", "kiosk", id, "printer", k.status(id).Code)
		writeError(w, http.StatusConflict, ref.Code, ref.Message)
		return
	}
	t, err := k.e.Issue(queue.IssueRequest{Service: req.Service, Channel: "kiosk", Priority: req.Priority, IDNumber: req.IDNumber})
	if err != nil {
		k.fail(w, r, id, err)
		return
	}
	ans := issueAnswer{Ticket: t}
	ans.Printed, ans.PrintError = k.print(r.Context(), id, t)
	writeJSON(w, http.StatusCreated, ans)
}

// print prints t on kiosk id's printer; it reports whether the printer
// acknowledged the job, and why not.
func (k *Kiosk) print(ctx context.Context, id string, t queue.TicketView) (bool, *printFailure) {
	p := k.opt.Printers[id]
	if p == nil {
		return false, &printFailure{Code: CodeNoPrinter, Message: "本机不能打印号票"}
	}
	job, err := k.layout.Job(t)
	if err != nil { // a layout bug, not the applicant's fault
		k.log.Error("ticket layout failed", "kiosk", id, "ticket", t.Number, "err", err)
		return false, &printFailure{Code: "layout_failed", Message: "号票排版失败"}
	}
	// The ticket exists now: finish printing even if the screen goes away.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.opt.PrintTimeout)
	defer cancel()
	start := k.now()
	err = p.Print(ctx, job)
	if err == nil {
		k.log.Info("ticket printed", "kiosk", id, "ticket", t.Number, "bytes", len(job), "took", k.now().Sub(start))
		return true, nil
	}
	k.log.Warn("ticket not printed", "kiosk", id, "ticket", t.Number, "err", err)
	f := &printFailure{Code: "print_failed", Message: "号票打印失败"}
	switch s := p.Status(); {
	case errors.Is(err, context.DeadlineExceeded):
		f = &printFailure{Code: "print_timeout", Message: "打印机无响应"}
	case s.Level == LevelFault:
		f = &printFailure{Code: s.Code, Message: s.Message}
	}
	return false, f
}

// fail writes an engine refusal with the API's status mapping.
func (k *Kiosk) fail(w http.ResponseWriter, r *http.Request, id string, err error) {
	var qe *queue.Error
	switch {
	case errors.As(err, &qe):
		writeError(w, statusOf(qe.Kind), qe.Code, qe.Message)
	case errors.Is(err, queue.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, "shutting_down", "系统正在重启，请稍候")
	default:
		k.log.Error("kiosk issue failed", "kiosk", id, "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "系统内部错误")
	}
}

// statusOf is the HTTP status of a queue error kind, as package api maps it
// (docs/api.md, Errors).
func statusOf(kind error) int {
	switch kind {
	case queue.ErrBadInput:
		return http.StatusBadRequest
	case queue.ErrNotFound:
		return http.StatusNotFound
	case queue.ErrConflict:
		return http.StatusConflict
	case queue.ErrAuth:
		return http.StatusUnauthorized
	case queue.ErrForbidden:
		return http.StatusForbidden
	}
	return http.StatusServiceUnavailable
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]printFailure{"error": {Code: code, Message: msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads one JSON object into v, strictly, as the API does: unknown
// fields, trailing data and bodies over 16 KiB are refused.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "请求内容过大")
		return false
	case err != nil:
		writeError(w, http.StatusBadRequest, "bad_json", "请求格式错误："+err.Error())
		return false
	}
	return true
}

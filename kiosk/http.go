package kiosk

import (
	"context"
	"errors"
	"net/http"
	"time"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/hall"
)

// Register mounts the kiosk API and pages on a mux such as *api.Server.
func (k *Kiosk) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /api/v1/kiosks/{id}", http.HandlerFunc(k.state))
	mux.Handle("POST /api/v1/kiosks/{id}/tickets", http.HandlerFunc(k.issue))
	mux.Handle("POST /api/v1/kiosks/{id}/cards/wait", http.HandlerFunc(k.waitCard))
	mux.Handle("GET /kiosk/", pageHandler())
	mux.Handle("GET /t/{id}", ticketPageHandler())
	mux.Handle("GET /case/{$}", casePageHandler())
}

// State is the answer of GET /api/v1/kiosks/{id}.
type State struct {
	ID      string        `json:"id"`
	Printer PrinterStatus `json:"printer"`
	// OffersTickets is false while the printer is faulty; Refusal then
	// says why, in the words the screen shows.
	OffersTickets bool    `json:"offers_tickets"`
	Refusal       *Reason `json:"refusal,omitempty"`
	// Priorities are the classes a walk-in may claim (the chips). The
	// appointments' class is not among them when the hall takes bookings:
	// only a check-in gives it; it is in CheckInPriorities, for naming
	// the checked-in ticket.
	Priorities        []hall.PriorityClass `json:"priorities"`
	CheckInPriorities []hall.PriorityClass `json:"checkin_priorities,omitempty"`
	IdleTimeoutS      int                  `json:"idle_timeout_s"`
	StatusPollMS      int                  `json:"status_poll_ms"`
	CardReader        bool                 `json:"card_reader"` // an ID card reader is attached
	// SMS: the kiosk offers the optional phone field (短信提醒).
	SMS bool      `json:"sms"`
	Now time.Time `json:"now"` // the hall's clock, for the screen
}

// issueRequest is the body of POST /api/v1/kiosks/{id}/tickets.
type issueRequest struct {
	Service  string `json:"service"`
	Priority string `json:"priority,omitempty"`
	IDNumber string `json:"id_number,omitempty"`
	// Card claims the ID card read at this kiosk (the token of
	// POST …/cards/wait): its number is used as id_number.
	Card string `json:"card,omitempty"`
	// Phone (optional): a mainland mobile number for the SMS notices.
	Phone string `json:"phone,omitempty"`
}

// Issued is the answer of POST /api/v1/kiosks/{id}/tickets: the ticket,
// and whether the printer acknowledged it (PrintError says why not).
type Issued struct {
	Ticket     queue.TicketView `json:"ticket"`
	Printed    bool             `json:"printed"`
	PrintError *Reason          `json:"print_error,omitempty"`
	// SMS is set when a phone was given: where the notices go (masked)
	// and whether the number was registered.
	SMS *SMSNotice `json:"sms,omitempty"`
}

// kioskOf finds {id}; it writes the 404 itself.
func (k *Kiosk) kioskOf(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if _, ok := k.opt.Printers[id]; !ok {
		httpjson.WriteError(w, http.StatusNotFound, "kiosk_not_found", "没有这台取号机，请检查取号机编号")
		return "", false
	}
	return id, true
}

// refusal is the reason a kiosk does not issue now, or nil: the printer's
// own fault code when the printer says what it is (paper_out, cover_open,
// printer_error, offline, unplugged, print_pending), else
// printer_unavailable.
func refusal(s PrinterStatus) *Reason {
	if s.Level != LevelFault {
		return nil
	}
	code := "printer_unavailable"
	if _, known := statusTable[s.Code]; known {
		code = s.Code
	}
	return &Reason{Code: code, Message: s.Message + "，暂停取号，请联系工作人员"}
}

func (k *Kiosk) state(w http.ResponseWriter, r *http.Request) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	ps := k.status(id)
	pr, checkIn := []hall.PriorityClass{}, []hall.PriorityClass(nil)
	for _, p := range k.e.Hall().Priorities {
		if bookingPriority(k.e.Hall(), p.ID) {
			checkIn = append(checkIn, p)
		} else {
			pr = append(pr, p)
		}
	}
	ref := refusal(ps)
	httpjson.WriteJSON(w, http.StatusOK, State{
		ID: id, Printer: ps, OffersTickets: ref == nil, Refusal: ref, Priorities: pr, CheckInPriorities: checkIn,
		IdleTimeoutS: int(k.opt.IdleTimeout / time.Second), StatusPollMS: int(k.opt.StatusPoll / time.Millisecond),
		CardReader: k.opt.Cards.HasReader(id),
		Now:        k.now().In(k.e.Hall().Location), SMS: k.smsOffered(),
	})
}

func (k *Kiosk) issue(w http.ResponseWriter, r *http.Request) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	var req issueRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	if bookingPriority(k.e.Hall(), req.Priority) {
		httpjson.Fail(w, r, k.log, &queue.Error{Kind: queue.ErrBadInput, Code: "priority_by_checkin_only",
			Message: "预约优先需凭预约在“预约签到”取号"})
		return
	}
	if req.Card != "" {
		number, err := k.cardNumber(id, req)
		if err != nil {
			httpjson.Fail(w, r, k.log, err)
			return
		}
		req.IDNumber = number
	}
	if err := k.checkPhone(req.Phone); err != nil { // before issuing: a refusal loses nothing
		httpjson.Fail(w, r, k.log, err)
		return
	}
	ans, err := k.IssueAndPrint(r.Context(), id, queue.IssueRequest{Service: req.Service, Channel: "kiosk", Priority: req.Priority, IDNumber: req.IDNumber})
	if err != nil {
		httpjson.Fail(w, r, k.log, err)
		return
	}
	if req.Card != "" { // used: a second ticket needs the card placed again
		k.opt.Cards.Done(id, req.Card)
	}
	ans.SMS = k.watch(ans.Ticket, req.Phone)
	httpjson.WriteJSON(w, http.StatusCreated, ans)
}

// IssueAndPrint issues a ticket for kiosk id (or a dispenser button that
// prints on its printer) and prints it. A printer in a fault state refuses
// before anything is issued — a ticket that cannot be printed would be lost
// — with a *queue.Error of kind queue.ErrConflict (the code says why, see
// refusal). Otherwise the ticket exists once this returns
// without error, printed or not (Issued.Printed says which).
func (k *Kiosk) IssueAndPrint(ctx context.Context, id string, req queue.IssueRequest) (Issued, error) {
	if ref := refusal(k.status(id)); ref != nil {
		k.log.Info("kiosk refused: printer", "kiosk", id, "printer", k.status(id).Code)
		return Issued{}, &queue.Error{Kind: queue.ErrConflict, Code: ref.Code, Message: ref.Message}
	}
	t, err := k.e.Issue(req)
	if err != nil {
		return Issued{}, err
	}
	ans := Issued{Ticket: t}
	ans.Printed, ans.PrintError = k.print(ctx, id, t)
	return ans, nil
}

// print prints t on kiosk id's printer; it reports whether the printer
// acknowledged the job, and why not.
func (k *Kiosk) print(ctx context.Context, id string, t queue.TicketView) (bool, *Reason) {
	p := k.opt.Printers[id]
	if p == nil {
		return false, &Reason{Code: CodeNoPrinter, Message: "本机不能打印号票"}
	}
	job, err := k.Layout(id).Job(t, k.e.TicketKey(t.ID))
	if err != nil { // a layout bug, not the applicant's fault
		k.log.Error("ticket layout failed", "kiosk", id, "ticket", t.Number, "err", err)
		return false, &Reason{Code: "layout_failed", Message: "号票排版失败"}
	}
	// The ticket exists now: finish printing even if the screen goes away.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), k.opt.PrintTimeout)
	defer cancel()
	start := k.now()
	if tp, ok := p.(TicketPrinter); ok {
		err = tp.PrintTicket(ctx, t.Number, job)
	} else {
		err = p.Print(ctx, job)
	}
	if err == nil {
		k.log.Info("ticket printed", "kiosk", id, "ticket", t.Number, "bytes", len(job), "took", k.now().Sub(start))
		return true, nil
	}
	k.log.Warn("ticket not printed", "kiosk", id, "ticket", t.Number, "err", err)
	f := &Reason{Code: "print_failed", Message: "打印机未完成打印"}
	switch s := p.Status(); {
	case errors.Is(err, context.DeadlineExceeded):
		f = &Reason{Code: "print_timeout", Message: "打印机无响应"}
	case s.Level == LevelFault:
		f = &Reason{Code: s.Code, Message: s.Message}
	}
	return false, f
}

// bookingPriority reports whether class is the appointments' priority in
// a hall that takes bookings: a walk-in cannot claim it at the kiosk.
func bookingPriority(h *hall.Hall, class string) bool {
	return class != "" && h.Bookable() && class == h.Booking.Priority
}

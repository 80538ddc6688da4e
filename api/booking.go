package api

import (
	"net/http"
	"strconv"
	"time"

	"halld/internal/httpjson"
	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
)

// WithBooking mounts the appointments API: the province's online portal
// (an API token, or a supervisor's or admin's login) books, cancels and
// checks in; supervisors and admins list a day and read the statistics;
// the phone page /book/ books and cancels anonymously, limited per source
// address like anonymous issuing, and must prove the ID number to cancel.
func (s *Server) WithBooking(b *booking.Book) {
	a := &bookingAPI{s: s, b: b, limit: newIssueLimit(time.Now)}
	m := s.mux
	m.HandleFunc("GET /api/v1/booking/slots", a.portal(a.slots))
	m.HandleFunc("POST /api/v1/bookings", a.portal(a.make))
	m.HandleFunc("GET /api/v1/bookings/{code}", a.portal(a.lookup))
	m.HandleFunc("POST /api/v1/bookings/{code}/cancel", a.portal(a.cancel))
	m.HandleFunc("POST /api/v1/bookings/{code}/checkin", a.portal(a.checkIn))
	m.HandleFunc("GET /api/v1/booking/day", a.staff(a.day))
	m.HandleFunc("GET /api/v1/booking/stats", a.staff(a.stats))
	m.HandleFunc("GET /api/v1/booking/phone/services", a.services)
	m.HandleFunc("GET /api/v1/booking/phone/slots", a.slots)
	m.HandleFunc("GET /api/v1/booking/phone/bookings/{code}", a.lookup)
	m.HandleFunc("POST /api/v1/booking/phone/bookings", a.limited(a.makePhone))
	m.HandleFunc("POST /api/v1/booking/phone/bookings/{code}/cancel", a.limited(a.cancelPhone))
}

type bookingAPI struct {
	s     *Server
	b     *booking.Book
	limit *issueLimit
}

// portal admits the portal's token (role system) and supervisors and admins.
func (a *bookingAPI) portal(h http.HandlerFunc) http.HandlerFunc {
	return a.roles(h, queue.RoleSystem, hall.RoleSupervisor, hall.RoleAdmin)
}

// staff admits supervisors and admins (the admin page).
func (a *bookingAPI) staff(h http.HandlerFunc) http.HandlerFunc {
	return a.roles(h, hall.RoleSupervisor, hall.RoleAdmin)
}

func (a *bookingAPI) roles(h http.HandlerFunc, roles ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, err := a.s.e.Authenticate(bearer(r))
		if err != nil {
			a.s.fail(w, r, err)
			return
		}
		for _, role := range roles {
			if sess.Role == role {
				h(w, r)
				return
			}
		}
		httpjson.WriteError(w, http.StatusForbidden, "forbidden", "无权办理预约")
	}
}

// limited spends one of the source address's allowance (anonymous writes).
func (a *bookingAPI) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if wait, ok := a.limit.take(r.RemoteAddr); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			httpjson.WriteError(w, http.StatusTooManyRequests, "too_many_requests", "操作过于频繁，请稍后再试")
			return
		}
		h(w, r)
	}
}

func (a *bookingAPI) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		a.s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, status, v)
}

func (a *bookingAPI) services(w http.ResponseWriter, r *http.Request) {
	cfg := a.s.e.Hall().Booking
	a.answer(w, r, http.StatusOK, struct {
		Services            []booking.ServiceView `json:"services"`
		CancelBeforeMinutes int                   `json:"cancel_before_minutes"`
		CheckInBefore       int                   `json:"checkin_before_minutes"`
		CheckInAfter        int                   `json:"checkin_after_minutes"`
		SMS                 bool                  `json:"sms"` // a phone for the reminder is taken
		ReminderMinutes     int                   `json:"reminder_minutes,omitempty"`
	}{a.b.Services(), cfg.CancelBeforeMinutes, cfg.CheckInBeforeMinutes, cfg.CheckInAfterMinutes,
		a.s.reminders != nil && a.s.reminders.Enabled(), a.reminderMinutes()}, nil)
}

func (a *bookingAPI) slots(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	days, err := a.b.Slots(q.Get("service"), q.Get("from"))
	a.answer(w, r, http.StatusOK, struct {
		Service string        `json:"service"`
		Days    []booking.Day `json:"days"`
	}{q.Get("service"), days}, err)
}

func (a *bookingAPI) book(w http.ResponseWriter, r *http.Request, channel string) {
	var body bookingRequest
	if !httpjson.Decode(w, r, &body) {
		return
	}
	if err := a.checkPhone(body.Phone); err != nil { // before booking: a refusal loses nothing
		a.s.fail(w, r, err)
		return
	}
	req := body.Request
	req.Channel = channel
	v, err := a.b.Make(req)
	if err != nil {
		a.s.fail(w, r, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, a.remind(v, body.Phone))
}

func (a *bookingAPI) make(w http.ResponseWriter, r *http.Request)      { a.book(w, r, "portal") }
func (a *bookingAPI) makePhone(w http.ResponseWriter, r *http.Request) { a.book(w, r, "phone") }

func (a *bookingAPI) lookup(w http.ResponseWriter, r *http.Request) {
	v, err := a.b.Lookup(r.PathValue("code"))
	a.answer(w, r, http.StatusOK, v, err)
}

func (a *bookingAPI) cancel(w http.ResponseWriter, r *http.Request) {
	v, err := a.b.Cancel(r.PathValue("code"), "", false)
	if err == nil {
		a.withdraw(v.Code)
	}
	a.answer(w, r, http.StatusOK, v, err)
}

func (a *bookingAPI) cancelPhone(w http.ResponseWriter, r *http.Request) {
	var req struct {
		IDNumber string `json:"id_number"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	v, err := a.b.Cancel(r.PathValue("code"), req.IDNumber, true)
	if err == nil {
		a.withdraw(v.Code)
	}
	a.answer(w, r, http.StatusOK, v, err)
}

// checkIn checks a booking in for the portal (or a supervisor's desk):
// the ticket is issued, not printed; the kiosk prints its own.
func (a *bookingAPI) checkIn(w http.ResponseWriter, r *http.Request) {
	v, err := a.b.CheckIn(booking.CheckInRequest{Code: r.PathValue("code")}, nil)
	a.answer(w, r, http.StatusCreated, v, err)
}

func (a *bookingAPI) day(w http.ResponseWriter, r *http.Request) {
	v, err := a.b.List(r.URL.Query().Get("date"))
	a.answer(w, r, http.StatusOK, v, err)
}

func (a *bookingAPI) stats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := a.b.Stats(q.Get("from"), q.Get("to"))
	a.answer(w, r, http.StatusOK, struct {
		Days []booking.DayStats `json:"days"`
	}{v}, err)
}

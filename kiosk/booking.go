package kiosk

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/internal/pagefs"
	"halld/queue"
	"halld/queue/booking"
)

// CheckIns is what the kiosk's 预约签到 needs of the appointments
// (*booking.Book).
type CheckIns interface {
	CheckIn(booking.CheckInRequest, booking.Issuer) (booking.Arrival, error)
}

// CheckedIn is the answer of POST /api/v1/kiosks/{id}/checkin: the
// booking, its ticket and whether the printer printed it.
type CheckedIn struct {
	booking.Arrival
	Printed    bool    `json:"printed"`
	PrintError *Reason `json:"print_error,omitempty"`
}

// RegisterBooking mounts the kiosk's check-in (on a device mux: only the
// hall's kiosks may post) and the phone booking page /book/.
func (k *Kiosk) RegisterBooking(mux interface{ Handle(string, http.Handler) }, b CheckIns) {
	mux.Handle("POST /api/v1/kiosks/{id}/checkin", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.checkIn(w, r, b)
	}))
	mux.Handle("GET /book/{$}", pagefs.File(assets, "assets/book.html"))
}

// checkIn checks a booking in by code or ID number (typed, or passed on
// by an ID card reader) and prints its ticket on this kiosk.
func (k *Kiosk) checkIn(w http.ResponseWriter, r *http.Request, b CheckIns) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	var req booking.CheckInRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	var issued Issued
	arr, err := b.CheckIn(req, func(ir queue.IssueRequest) (queue.TicketView, error) {
		var err error
		issued, err = k.IssueAndPrint(r.Context(), id, ir)
		return issued.Ticket, err
	})
	if err != nil {
		httpjson.Fail(w, r, k.log, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, CheckedIn{Arrival: arr, Printed: issued.Printed, PrintError: issued.PrintError})
}

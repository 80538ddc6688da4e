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

// checkInRequest is the body of POST /api/v1/kiosks/{id}/checkin: a code,
// an ID number, or Card — the token of the ID card read at this kiosk
// (POST …/cards/wait), whose number is used as id_number.
type checkInRequest struct {
	booking.CheckInRequest
	Card string `json:"card,omitempty"`
}

// checkIn checks a booking in by code or ID number (typed, or read from
// the ID card laid on this kiosk's reader) and prints its ticket here.
func (k *Kiosk) checkIn(w http.ResponseWriter, r *http.Request, b CheckIns) {
	id, ok := k.kioskOf(w, r)
	if !ok {
		return
	}
	var body checkInRequest
	if !httpjson.Decode(w, r, &body) {
		return
	}
	req := body.CheckInRequest
	if body.Card != "" {
		if req.Code != "" {
			httpjson.Fail(w, r, k.log, &queue.Error{Kind: queue.ErrBadInput, Code: "card_and_code", Message: "预约码与读卡只能选一种"})
			return
		}
		number, err := k.cardNumber(id, issueRequest{IDNumber: req.IDNumber, Card: body.Card})
		if err != nil {
			httpjson.Fail(w, r, k.log, err)
			return
		}
		req.IDNumber = number
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
	if body.Card != "" { // used: another check-in needs the card placed again
		k.opt.Cards.Done(id, body.Card)
	}
	httpjson.WriteJSON(w, http.StatusCreated, CheckedIn{Arrival: arr, Printed: issued.Printed, PrintError: issued.PrintError})
}

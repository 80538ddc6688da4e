package booking_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"halld/queue"
	"halld/queue/booking"
	"halld/queue/hall"
)

// Example books a slot in the demo hall (which books from today), checks
// it in at its time and shows the ticket's priority class.
func Example() {
	dir, _ := os.MkdirTemp("", "booking-example")
	defer os.RemoveAll(dir)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc)
	clock := func() time.Time { return now }
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{Now: clock})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	b, _ := booking.Open(e, booking.Options{Now: clock})

	k, err := b.Make(booking.Request{Service: "estate", Date: "2026-11-23", Start: "10:30", IDNumber: "11010519491231002X", Channel: "portal"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(k.Code), k.State, k.IDMasked, "check in", k.CheckInFrom.Format("15:04"), "to", k.CheckInUntil.Format("15:04"))

	got, err := b.CheckIn(booking.CheckInRequest{Code: k.Code}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Ticket.Number, got.Ticket.Priority, got.Booking.State)
	// Output:
	// 8 booked **************002X check in 10:00 to 10:45
	// A001 appointment checked_in
}

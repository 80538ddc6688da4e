// Package booking is the hall's appointments (预约服务): time slots per
// service from hall.toml's [booking] table, booked by the province's
// online portal (API token) or the phone page, cancelled until a
// deadline, and checked in at the kiosk by confirmation code or ID number,
// which issues the ticket through the engine.
//
// Rules (each configurable, defaults in queue/hall's Booking): a day is
// bookable from booking.ahead_days after today up to the booking.days-th
// working day of the working-day calendar; holidays are closed, 调休
// working days open with hours.adjusted_workday's slots; a slot takes
// capacity bookings; one ID number holds per_person_per_day bookings a
// day; cancellation ends cancel_before_minutes before the slot. Blocks
// (Quanzhou): block_no_shows no-shows or block_cancels cancellations in a
// calendar month refuse further bookings for the rest of that month; a
// person who made block_item_bookings bookings (cancelled ones count) of
// one service today is refused more of it today.
//
// Check-in is open from checkin_before_minutes before the slot's start to
// checkin_after_minutes after it, and issues a ticket of the booking's
// [[priority]] class (booking.priority) whose priority counts from the
// slot's start (queue.IssueRequest.PriorityFrom): checked in early, the
// applicant waits as a walk-in, by arrival, until then
// (TestPriorityFromTheSlot). The fairness cap is the engine's: at most policy.priority_streak priority calls in a
// row per window while walk-ins wait, so appointments never starve
// walk-ins, and a checked-in appointment waits only behind earlier
// priority tickets (of any class, in arrival order) and one walk-in per
// priority_streak calls: with K = priority_streak, the i-th priority
// ticket waiting (from 0) is called by the window's (i + i/K + 1)-th
// call at the latest (TestFairness). Who comes
// later than the window gets a normal ticket (a walk-in) and the booking
// stays a no-show; Check, run every minute by the daemon, marks bookings
// not checked in by the window's end as no-shows.
//
// Personal data: an ID number is checked (GB 11643) and kept only as the
// engine's keyed hash (queue.Engine.HashID), which the blocks count by,
// and as its last four characters for the admin list. Events carry no
// personal data. Bookings are kept for ever for now (no retention yet).
package booking

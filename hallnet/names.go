package hallnet

import (
	"errors"
	"fmt"
	"strings"
)

// ErrHallID is returned for a hall id that is not "<12 digits>-<2 digits>".
var ErrHallID = errors.New("hallnet: bad hall id")

// ValidateHallID checks a hall id: the 12-digit 行政区划代码 of its area, a
// dash and the hall's two-digit number there, e.g. "330106001000-01".
func ValidateHallID(id string) error {
	if len(id) != 15 || id[12] != '-' {
		return fmt.Errorf("%w %q: want 12 digits, a dash and 2 digits (330106001000-01)", ErrHallID, id)
	}
	for i, c := range id {
		if i != 12 && (c < '0' || c > '9') {
			return fmt.Errorf("%w %q: want 12 digits, a dash and 2 digits (330106001000-01)", ErrHallID, id)
		}
	}
	return nil
}

// Region returns the 行政区划代码 part of a valid hall id.
func Region(hall string) string { return hall[:12] }

// EventsSubject is the subject a hall publishes its event batches on.
func EventsSubject(hall string) string { return "halls." + hall + ".events" }

// StreamName is the JetStream stream holding one hall's events. The centre
// creates it when the hall is registered; the hall never creates streams.
func StreamName(hall string) string { return "HALL_" + strings.ReplaceAll(hall, "-", "_") }

// ConsumerName is the centre's durable consumer on a hall's stream.
const ConsumerName = "centre"

// Key-value buckets, both created by the centre.
const (
	// LiveBucket holds each hall's live record (Live) under its hall id;
	// the hall puts it, the centre reads and watches it.
	LiveBucket = "HALL_LIVE"
	// SharedBucket holds what the centre shares downward: keys
	// "all.<kind>" for every hall and "<hall>.<kind>" for one hall; the
	// hall's own key wins over the "all" key of the same kind.
	SharedBucket = "HALL_SHARED"
)

// Kinds of shared settings a centre may push.
const (
	KindHolidays = "holidays" // a year's official holiday table, as PUT /api/v1/admin/holidays takes it
	KindNotice   = "notice"   // the hall's public notice line (公告): UTF-8 text, one line, at most 200 characters
)

// SharedKeyAll is the shared bucket's key of a kind for every hall.
func SharedKeyAll(kind string) string { return "all." + kind }

// SharedKey is the shared bucket's key of a kind for one hall.
func SharedKey(hall, kind string) string { return hall + "." + kind }

// InboxPrefix is the hall's own reply-subject prefix: a hall may receive
// only on its own inboxes, so it never sees another hall's replies.
func InboxPrefix(hall string) string { return "_INBOX_" + strings.ReplaceAll(hall, "-", "_") }

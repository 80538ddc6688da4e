// Package cardslot holds the ID card last read at each kiosk until the
// applicant uses it: "a card was read at kiosk N: number X". A reader's
// driver (through equip) puts the number in; the kiosk page learns of it
// by a claim token and the masked number only; the handler that acts on
// it (taking a ticket, checking in an appointment) turns the token back
// into the number on the server and drops it once used.
//
// The full number never leaves halld's memory: it is not committed, not
// logged, not sent to a page; a slot is forgotten when used, when another
// card is read at the same kiosk, or after TTL.
//
// Caveats: in memory only — a restart forgets a card just read (the
// applicant places it again). One card per kiosk at a time.
package cardslot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"halld/queue"
	"halld/queue/idnum"
)

// Errors. Put's and Number's errors are *queue.Error values wrapping
// these kinds, with the codes the kiosk page shows.
var (
	// ErrBadNumber: the reader delivered something that is not a valid
	// ID number (code bad_id_number).
	ErrBadNumber = errors.New("cardslot: not a valid ID number")
)

// Card is what a page may know of a card read at its kiosk.
type Card struct {
	Seq     uint64    `json:"seq"`             // increases with every read at any kiosk
	Kiosk   string    `json:"kiosk"`           // where it was read
	Token   string    `json:"token,omitempty"` // claims the number in a later request
	Masked  string    `json:"masked,omitempty"`
	ReadAt  time.Time `json:"read_at"`
	Expires time.Time `json:"expires"`
	// Error is set (and Token empty) when the reader delivered a number
	// that failed its check: the page says so.
	Error *Problem `json:"error,omitempty"`
}

// Problem is why a read gave no usable number, in the words the page shows.
type Problem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type slot struct {
	card   Card
	number string
}

// Slots are the card slots of a hall's kiosks. The zero value is not
// usable; call New.
type Slots struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	seq     uint64
	slots   map[string]*slot
	readers map[string]bool
	changed chan struct{} // closed and replaced at every Put
}

// New returns empty slots; a card waits ttl (0 → 2 min) for its use. now
// is the clock (nil → time.Now).
func New(ttl time.Duration, now func() time.Time) *Slots {
	if ttl <= 0 {
		ttl = 2 * time.Minute
	}
	if now == nil {
		now = time.Now
	}
	return &Slots{ttl: ttl, now: now, slots: map[string]*slot{}, readers: map[string]bool{}, changed: make(chan struct{})}
}

// AddReader records that kiosk has a card reader (its page then invites
// applicants to place their card).
func (s *Slots) AddReader(kiosk string) {
	s.mu.Lock()
	s.readers[kiosk] = true
	s.mu.Unlock()
}

// HasReader reports whether kiosk has a card reader.
func (s *Slots) HasReader(kiosk string) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readers[kiosk]
}

// Put records a number read at kiosk, replacing what waited there. A
// number that fails its check (queue/idnum) is not kept: the kiosk's
// page is told the read was bad, and Put returns the refusal.
func (s *Slots) Put(kiosk, number string) (Card, error) {
	number = idnum.Normalize(number)
	now := s.now()
	err := idnum.CheckAt(number, now)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	c := Card{Seq: s.seq, Kiosk: kiosk, ReadAt: now, Expires: now.Add(s.ttl)}
	sl := &slot{card: c}
	if err != nil {
		sl.card.Error = &Problem{Code: "bad_id_number", Message: "未能读出有效的身份证号码，请重新放置身份证"}
		s.slots[kiosk] = sl
		s.notify()
		return sl.card, fmt.Errorf("%w: %w", ErrBadNumber, err)
	}
	sl.number = number
	sl.card.Token = newToken()
	sl.card.Masked = queue.MaskID(number)
	s.slots[kiosk] = sl
	s.notify()
	return sl.card, nil
}

func (s *Slots) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Wait returns the card waiting at kiosk once its Seq is above after,
// waiting for a read until ctx ends; then it returns ok false.
func (s *Slots) Wait(ctx context.Context, kiosk string, after uint64) (Card, bool) {
	for {
		s.mu.Lock()
		sl := s.slots[kiosk]
		ch := s.changed
		if sl != nil && !s.now().Before(sl.card.Expires) {
			delete(s.slots, kiosk)
			sl = nil
		}
		s.mu.Unlock()
		if sl != nil && sl.card.Seq > after {
			return sl.card, true
		}
		select {
		case <-ctx.Done():
			return Card{}, false
		case <-ch:
		}
	}
}

// Number returns the number a token claims at kiosk, while its card
// waits: not yet used, replaced nor expired. The refusal is a
// *queue.Error (card_gone).
func (s *Slots) Number(kiosk, token string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sl := s.slots[kiosk]
	if sl == nil || sl.number == "" || sl.card.Token != token || !s.now().Before(sl.card.Expires) {
		return "", &queue.Error{Kind: queue.ErrNotFound, Code: "card_gone", Message: "身份证信息已失效，请重新放置身份证"}
	}
	return sl.number, nil
}

// Done forgets the card a token claims (it was used).
func (s *Slots) Done(kiosk, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sl := s.slots[kiosk]; sl != nil && sl.card.Token == token {
		delete(s.slots, kiosk)
	}
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

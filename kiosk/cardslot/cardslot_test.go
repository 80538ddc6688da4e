package cardslot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"halld/queue"
)

const validID = "11010519491231002X"

func TestPutNumberDone(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s := New(time.Minute, func() time.Time { return now })
	c, err := s.Put("1", " 11010519491231002x ")
	if err != nil {
		t.Fatal(err)
	}
	if c.Masked != "**************002X" || c.Token == "" || c.Kiosk != "1" || c.Seq != 1 {
		t.Fatalf("card %+v", c)
	}
	if strings.Contains(c.Masked, "110105") {
		t.Fatal("mask shows the region")
	}
	if n, err := s.Number("1", c.Token); err != nil || n != validID {
		t.Fatalf("Number = %q, %v", n, err)
	}
	for name, tc := range map[string][2]string{"other kiosk": {"2", c.Token}, "wrong token": {"1", "nope"}} {
		if _, err := s.Number(tc[0], tc[1]); !isCode(err, "card_gone") {
			t.Errorf("%s: %v", name, err)
		}
	}
	s.Done("1", c.Token)
	if _, err := s.Number("1", c.Token); !isCode(err, "card_gone") {
		t.Fatalf("after Done: %v", err)
	}
}

func TestExpiryAndReplace(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	s := New(time.Minute, func() time.Time { return now })
	a, _ := s.Put("1", validID)
	b, _ := s.Put("1", "110101199003074514")
	if _, err := s.Number("1", a.Token); !isCode(err, "card_gone") {
		t.Fatalf("replaced card still claimable: %v", err)
	}
	if n, _ := s.Number("1", b.Token); n != "110101199003074514" {
		t.Fatalf("newer card %q", n)
	}
	now = now.Add(time.Minute)
	if _, err := s.Number("1", b.Token); !isCode(err, "card_gone") {
		t.Fatalf("expired card: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := s.Wait(ctx, "1", 0); ok {
		t.Fatal("Wait returned an expired card")
	}
}

func TestBadNumber(t *testing.T) {
	s := New(0, nil)
	for _, in := range []string{"110105194912310021", "1234", "11010519491331002X"} {
		c, err := s.Put("1", in)
		if !errors.Is(err, ErrBadNumber) {
			t.Errorf("%s: %v", in, err)
		}
		if c.Token != "" || c.Masked != "" || c.Error == nil || c.Error.Code != "bad_id_number" {
			t.Errorf("%s: card %+v", in, c)
		}
	}
	// A future birth date is no card either.
	if _, err := s.Put("1", "110105209912310010"); !errors.Is(err, ErrBadNumber) {
		t.Errorf("future birth: %v", err)
	}
}

func TestWait(t *testing.T) {
	s := New(0, nil)
	got := make(chan Card, 1)
	go func() {
		c, _ := s.Wait(context.Background(), "2", 0)
		got <- c
	}()
	s.Put("1", validID) // another kiosk's card wakes the waiter, which waits on
	c2, _ := s.Put("2", validID)
	select {
	case c := <-got:
		if c.Seq != c2.Seq || c.Kiosk != "2" {
			t.Fatalf("woke with %+v", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return")
	}
	// Already seen: waits for a newer one.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := s.Wait(ctx, "2", c2.Seq); ok {
		t.Fatal("returned a card already seen")
	}
	if c, ok := s.Wait(context.Background(), "2", c2.Seq-1); !ok || c.Token != c2.Token {
		t.Fatal("missed a card not yet seen")
	}
	if (*Slots)(nil).HasReader("2") {
		t.Fatal("nil slots have a reader")
	}
	s.AddReader("2")
	if !s.HasReader("2") || s.HasReader("1") {
		t.Fatal("readers")
	}
}

func isCode(err error, code string) bool {
	var qe *queue.Error
	return errors.As(err, &qe) && qe.Code == code
}

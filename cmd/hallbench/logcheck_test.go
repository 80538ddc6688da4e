package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"halld/queue"
)

// The checker must fail when the log breaks a promise; these are the
// breakages a power cut could cause.
func TestLogCheckFindsBrokenPromises(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	ticket := func(id, num string, st queue.State, win int) *queue.TicketView {
		return &queue.TicketView{ID: id, Number: num, Service: "s1", State: st, Day: "2026-11-23", Window: win}
	}
	ev := func(seq uint64, typ string, d queue.EventData) queue.Event {
		raw, _ := json.Marshal(d)
		return queue.Event{Seq: seq, Type: typ, At: at, Data: raw}
	}
	win := func(n int, cur *queue.TicketView) *queue.WindowView {
		return &queue.WindowView{Number: n, Current: cur}
	}
	tests := []struct {
		name   string
		events []queue.Event
		acks   []ack
		want   string // "" = no problem
	}{
		{"clean", []queue.Event{
			ev(1, queue.EvIssued, queue.EventData{Ticket: ticket("a", "A0001", queue.Waiting, 0)}),
			ev(2, queue.EvCalled, queue.EventData{Ticket: ticket("a", "A0001", queue.Called, 1), Window: win(1, ticket("a", "A0001", queue.Called, 1))}),
		}, []ack{{Verb: "issue", Ticket: "a", Number: "A0001"}, {Verb: "call", Ticket: "a", Number: "A0001", Window: 1}}, ""},
		{"number twice", []queue.Event{
			ev(1, queue.EvIssued, queue.EventData{Ticket: ticket("a", "A0001", queue.Waiting, 0)}),
			ev(2, queue.EvIssued, queue.EventData{Ticket: ticket("b", "A0001", queue.Waiting, 0)}),
		}, nil, "issued twice"},
		{"lost ack", []queue.Event{
			ev(1, queue.EvIssued, queue.EventData{Ticket: ticket("a", "A0001", queue.Waiting, 0)}),
		}, []ack{{Verb: "call", Ticket: "a", Number: "A0001", Window: 1}}, "not in the log"},
		{"two windows", []queue.Event{
			ev(1, queue.EvIssued, queue.EventData{Ticket: ticket("a", "A0001", queue.Waiting, 0)}),
			ev(2, queue.EvCalled, queue.EventData{Ticket: ticket("a", "A0001", queue.Called, 1), Window: win(1, ticket("a", "A0001", queue.Called, 1))}),
			ev(3, queue.EvCalled, queue.EventData{Ticket: ticket("a", "A0001", queue.Called, 2), Window: win(2, ticket("a", "A0001", queue.Called, 2))}),
		}, nil, "while current at window 1"},
		{"finished ticket current", []queue.Event{
			ev(1, queue.EvIssued, queue.EventData{Ticket: ticket("a", "A0001", queue.Waiting, 0)}),
			ev(2, queue.EvFinished, queue.EventData{Ticket: ticket("a", "A0001", queue.Done, 1), Window: win(1, ticket("a", "A0001", queue.Done, 1))}),
		}, nil, "is done"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLogCheck()
			for _, e := range tc.events {
				l.sums = append(l.sums, e.Seq)
				l.apply(e)
			}
			l.checkAcks(tc.acks)
			got := strings.Join(l.problems, "; ")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("problems %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCPUSecondsOfSelfGrows: burning CPU shows in /proc/self/stat.
func TestCPUSecondsOfSelfGrows(t *testing.T) {
	a, err := cpuSeconds("self")
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for range 400 { // ~2 s of adds at most
		for i := range 5_000_000 {
			x += i
		}
		b, err := cpuSeconds("self")
		if err != nil {
			t.Fatal(err)
		}
		if b >= a+0.05 {
			return
		}
	}
	t.Fatalf("CPU time stayed at %.2f s (%d)", a, x)
}

// TestRawFanoutReadsEveryMessage: a few rounds over a few sockets finish
// and report a latency per round.
func TestRawFanoutReadsEveryMessage(t *testing.T) {
	r, err := measureRawFanout(8, 700, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rounds != 5 || r.P50ms <= 0 || r.P99ms < r.P50ms {
		t.Fatalf("%+v", r)
	}
}

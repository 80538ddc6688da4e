package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"halld/queue"
)

// ack is one operation halld answered 2xx: it promised it was committed.
type ack struct {
	Verb   string // issue, call, start, finish, no-show
	Ticket string // ticket id
	Number string
	Window int
}

// verbEvent is the event type each acknowledged verb must leave in the log.
var verbEvent = map[string]string{
	"issue": queue.EvIssued, "call": queue.EvCalled, "start": queue.EvStarted,
	"finish": queue.EvFinished, "no-show": queue.EvNoShow,
}

// driver plays a busy hall against one halld: clerks at their windows call,
// start and finish (or mark no-shows) as fast as tickets allow, and kiosks
// issue tickets at a steady rate.
type driver struct {
	c        *client
	seats    []seat
	services []string
	rate     float64
	think    time.Duration
	noShow   float64
	rnd      func() *rand.Rand

	onCall func(id string, sent time.Time) // the moment a call request left

	mu       sync.Mutex
	acks     []ack
	issueLat []time.Duration
	refused  map[string]int // unexpected refusals by verb/code

	ops atomic.Int64 // acknowledged state changes
}

func (d *driver) acked(a ack) {
	d.ops.Add(1)
	d.mu.Lock()
	d.acks = append(d.acks, a)
	d.mu.Unlock()
}

func (d *driver) refuse(what string) {
	d.mu.Lock()
	if d.refused == nil {
		d.refused = map[string]int{}
	}
	d.refused[what]++
	d.mu.Unlock()
}

// run drives the hall until ctx ends. Operations in flight then are
// abandoned (their answer, if any, is not counted).
func (d *driver) run(ctx context.Context, current map[int]*queue.TicketView) {
	var wg sync.WaitGroup
	for i := range d.seats {
		wg.Go(func() { d.window(ctx, &d.seats[i], current[d.seats[i].Window]) })
	}
	wg.Go(func() { d.kiosks(ctx) })
	wg.Wait()
}

// issue takes one ticket; kiosks and the backlog use it.
func (d *driver) issue(ctx context.Context, r *rand.Rand) {
	svc := d.services[r.IntN(len(d.services))]
	prio := ""
	if r.IntN(10) == 0 {
		prio = `,"priority":"elderly"`
	}
	var v queue.TicketView
	t0 := time.Now()
	code, ecode, err := d.c.post(ctx, "/api/v1/tickets", "", fmt.Sprintf(`{"service":%q,"channel":"kiosk"%s}`, svc, prio), &v)
	lat := time.Since(t0)
	switch {
	case err != nil:
		return // no answer: not acknowledged
	case code != http.StatusCreated:
		d.refuse("issue/" + ecode)
		return
	}
	d.mu.Lock()
	d.issueLat = append(d.issueLat, lat)
	d.mu.Unlock()
	d.acked(ack{Verb: "issue", Ticket: v.ID, Number: v.Number})
}

// kiosks issues rate tickets per second, open loop: a slow answer does not
// slow the arrivals (up to 512 requests in flight).
func (d *driver) kiosks(ctx context.Context) {
	if d.rate <= 0 {
		return
	}
	sem := make(chan struct{}, 512)
	var wg sync.WaitGroup
	defer wg.Wait()
	start := time.Now()
	for i := 0; ; i++ {
		due := start.Add(time.Duration(float64(i) / d.rate * float64(time.Second)))
		if w := time.Until(due); w > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(w):
			}
		}
		select {
		case <-ctx.Done():
			return
		case sem <- struct{}{}:
		}
		r := d.rnd()
		wg.Go(func() {
			defer func() { <-sem }()
			d.issue(ctx, r)
		})
	}
}

// window is one clerk. cur is the window's ticket when the run starts
// (after a power cut a call may have committed without its answer).
func (d *driver) window(ctx context.Context, st *seat, cur *queue.TicketView) {
	r := d.rnd()
	path := fmt.Sprintf("/api/v1/windows/%d/", st.Window)
	state := ""
	if cur != nil {
		state = string(cur.State)
	}
	idle := 5 * time.Millisecond
	for ctx.Err() == nil {
		var v queue.TicketView
		switch state {
		case "", string(queue.Waiting):
			t0 := time.Now()
			code, ecode, err := d.c.post(ctx, path+"call", st.Token, "", &v)
			if err != nil {
				continue
			}
			switch {
			case code == http.StatusOK:
				if d.onCall != nil {
					d.onCall(v.ID, t0)
				}
				d.acked(ack{Verb: "call", Ticket: v.ID, Number: v.Number, Window: st.Window})
				state, idle = string(queue.Called), 5*time.Millisecond
			case ecode == "nobody_waiting":
				// Back off so idle windows do not flood halld with calls.
				select {
				case <-ctx.Done():
				case <-time.After(idle + time.Duration(r.Int64N(int64(idle)))):
				}
				idle = min(2*idle, 200*time.Millisecond)
			default:
				d.refuse("call/" + ecode)
				state = d.resync(ctx, st)
			}
		case string(queue.Called):
			verb := "start"
			if r.Float64() < d.noShow {
				verb = "no-show"
			}
			code, ecode, err := d.c.post(ctx, path+verb, st.Token, "", &v)
			if err != nil {
				continue
			}
			if code != http.StatusOK {
				d.refuse(verb + "/" + ecode)
				state = d.resync(ctx, st)
				continue
			}
			d.acked(ack{Verb: verb, Ticket: v.ID, Number: v.Number, Window: st.Window})
			state = string(queue.Serving)
			if verb == "no-show" {
				state = ""
			}
		case string(queue.Serving):
			if d.think > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(d.think):
				}
			}
			code, ecode, err := d.c.post(ctx, path+"finish", st.Token, `{"outcome":"handled"}`, &v)
			if err != nil {
				continue
			}
			if code != http.StatusOK {
				d.refuse("finish/" + ecode)
				state = d.resync(ctx, st)
				continue
			}
			d.acked(ack{Verb: "finish", Ticket: v.ID, Number: v.Number, Window: st.Window})
			state = ""
		default: // held or anything else: nothing this clerk does
			state = ""
		}
	}
}

// resync asks halld what the window's current ticket is after a refusal.
func (d *driver) resync(ctx context.Context, st *seat) string {
	hv, err := d.c.hall(ctx)
	if err != nil {
		return ""
	}
	for _, w := range hv.Windows {
		if w.Number == st.Window && w.Current != nil {
			return string(w.Current.State)
		}
	}
	return ""
}

// currentTickets maps each window to its current ticket, from the hall view.
func currentTickets(hv queue.HallView) map[int]*queue.TicketView {
	m := map[int]*queue.TicketView{}
	for _, w := range hv.Windows {
		if w.Current != nil {
			m[w.Number] = w.Current
		}
	}
	return m
}

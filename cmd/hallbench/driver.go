package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"halld/queue"
	"halld/queue/hall"
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
//
// A clerk who finds nobody waiting does what a clerk with a terminal does:
// waits until its waiting count moves. The kiosk nudges one window serving
// the issued ticket's service, in turn; a clerk not nudged calls again after
// a backoff up to idleMax anyway (a nudge can go to a busy window). Polling
// alone had 200 idle windows press "call" up to ~1,000 times a second.
type driver struct {
	c        *client
	seats    []seat
	services []string
	rate     float64
	think    time.Duration
	noShow   float64
	rnd      func() *rand.Rand

	wake   map[int]chan struct{} // per window: a ticket it serves was issued
	nudges map[string]*nudger    // per service: its windows, nudged in turn

	onCall func(id string, sent time.Time) // the moment a call request left

	mu       sync.Mutex
	acks     []ack
	issueLat []time.Duration
	refused  map[string]int // unexpected refusals by verb/code

	ops atomic.Int64 // acknowledged state changes
}

// idleMax bounds how long an idle clerk waits without a nudge.
const idleMax = time.Second

type nudger struct {
	windows []int
	next    atomic.Uint32
}

// newDriver sets up clerks at seats of h and kiosks issuing rate tickets a
// second over all of h's services.
func newDriver(c *client, h *hall.Hall, seats []seat, rate, noShow float64, think time.Duration, rnd func() *rand.Rand) *driver {
	d := &driver{c: c, seats: seats, rate: rate, think: think, noShow: noShow, rnd: rnd,
		wake: map[int]chan struct{}{}, nudges: map[string]*nudger{}}
	for _, svc := range h.Services {
		d.services = append(d.services, svc.ID)
		d.nudges[svc.ID] = &nudger{}
	}
	for _, st := range seats {
		d.wake[st.Window] = make(chan struct{}, 1)
		for _, w := range h.Windows {
			if w.Number != st.Window {
				continue
			}
			for svc := range w.Services {
				if n := d.nudges[svc]; n != nil {
					n.windows = append(n.windows, st.Window)
				}
			}
		}
	}
	for _, n := range d.nudges {
		slices.Sort(n.windows) // map order must not decide who is nudged
	}
	return d
}

// nudge tells the next window serving svc that a ticket is waiting.
func (d *driver) nudge(svc string) {
	n := d.nudges[svc]
	if n == nil || len(n.windows) == 0 {
		return
	}
	w := n.windows[int(n.next.Add(1))%len(n.windows)]
	select {
	case d.wake[w] <- struct{}{}:
	default: // already nudged
	}
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
	d.nudge(svc)
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
				// Wait for a nudge; back off in case one never comes.
				select {
				case <-ctx.Done():
				case <-d.wake[st.Window]:
				case <-time.After(idle + time.Duration(r.Int64N(int64(idle)))):
				}
				idle = min(2*idle, idleMax)
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

package queue

import (
	"encoding/json"
	"strconv"
	"time"
)

// change collects what one verb (plus any day rollover before it) did: its
// events and the records they touched, to be committed together.
type change struct {
	e          *Engine
	avgChanged bool // learn moved a service's average
	at         time.Time
	events     []Event
	tickets    map[string]*Ticket
	newTickets []*Ticket
	windows    map[int]*Window
	sessPut    []*session
	sessDel    []string
	cases      map[string]*Case
	caseDrop   []string             // case numbers no longer kept in memory
	holidays   map[int][]byte       // holiday tables loaded by the admin, by year
	statDirty  map[string]*Counts   // stats records this change touched, by key
	older      map[string]*DayStats // an earlier day's figures (the daily close)
	follows    map[string]*FollowUp
	agents     []*agentRecord // boards whose press numbering moved
	purged     []kv           // records rewritten without their personal data
	records    []kv           // domains' records beside the engine (records.go)
}

// emit appends an event with the next sequence number.
func (c *change) emit(typ string, d EventData) {
	data, err := json.Marshal(d)
	if err != nil {
		panic(err) // EventData has only marshalable fields
	}
	ev := c.appendEvent(typ, data)
	c.count(ev, d)
}

// appendEvent appends an event of typ with data (JSON) under the next
// sequence number.
func (c *change) appendEvent(typ string, data []byte) Event {
	c.e.meta.Seq++
	ev := Event{Seq: c.e.meta.Seq, Type: typ, At: c.at, Data: data}
	ev.raw, _ = json.Marshal(ev)
	if stored, ok := cutStored(ev.raw); ok {
		ev.Data = stored.Data // one copy of the bytes, as read from the log
	}
	c.events = append(c.events, ev)
	if c.at.After(c.e.meta.LastAt) {
		c.e.meta.LastAt = c.at
	}
	return ev
}

// ticketEvent emits an event carrying a ticket and, if w is set, its window.
func (c *change) ticketEvent(typ string, t *Ticket, w *Window, d EventData) {
	v := c.e.view(t)
	d.Ticket = &v
	if w != nil {
		wv := c.e.windowView(w)
		d.Window = &wv
	}
	c.touch(t)
	if w != nil {
		c.touchWindow(w)
	}
	c.emit(typ, d)
}

func (c *change) touch(t *Ticket) {
	if c.tickets == nil {
		c.tickets = map[string]*Ticket{}
	}
	c.tickets[t.ID] = t
}

func (c *change) touchWindow(w *Window) {
	if c.windows == nil {
		c.windows = map[int]*Window{}
	}
	c.windows[w.Number] = w
}

// request encodes everything the change touched, under the engine lock, so
// later changes cannot alter what this commit writes.
func (c *change) request() *commitReq {
	r := &commitReq{done: make(chan error, 1), events: c.events, lastSeq: c.e.meta.Seq}
	put := func(b []byte, k, v []byte) { r.puts = append(r.puts, kv{b, k, v}) }
	for _, ev := range c.events {
		put(bEvents, seqKey(ev.Seq), ev.raw)
	}
	for _, t := range c.newTickets {
		put(bDays, dayKey(t.Day, t.Order, t.ID), []byte(t.ID))
	}
	for id, t := range c.tickets {
		raw, _ := json.Marshal(t)
		put(bTickets, []byte(id), raw)
		if t.State.Live() {
			put(bLive, []byte(id), []byte{})
		} else {
			put(bLive, []byte(id), nil)
		}
	}
	for n, w := range c.windows {
		raw, _ := json.Marshal(w)
		put(bWindows, windowKey(n), raw)
	}
	for _, s := range c.sessPut {
		raw, _ := json.Marshal(s)
		put(bSessions, []byte(s.Hash), raw)
	}
	for _, h := range c.sessDel {
		put(bSessions, []byte(h), nil)
	}
	for n, k := range c.cases {
		put(bCases, []byte(n), c.e.encodeCase(k))
		put(bCaseLive, []byte(n), []byte{})
	}
	for id, f := range c.follows {
		raw, _ := json.Marshal(f)
		put(bFollowUps, []byte(id), raw)
	}
	for _, n := range c.caseDrop {
		put(bCaseLive, []byte(n), nil)
	}
	for _, a := range c.agents {
		put(bAgents, []byte(a.Board), encodeAgent(a))
	}
	r.puts = append(r.puts, c.purged...)
	r.puts = append(r.puts, c.records...)
	for y, raw := range c.holidays {
		put(bHolidays, []byte(strconv.Itoa(y)), raw)
	}
	for key, cnt := range c.statDirty {
		raw, _ := json.Marshal(cnt)
		put(bStats, []byte(key), raw)
	}
	raw, _ := json.Marshal(c.e.meta)
	put(bMeta, keyMeta, raw)
	if c.avgChanged {
		raw, _ := json.Marshal(c.e.avg)
		put(bMeta, keyAvg, raw)
	}
	return r
}

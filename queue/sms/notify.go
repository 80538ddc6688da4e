package sms

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"halld/queue"
)

// Follow derives the notices from the committed events until ctx ends
// (it returns ctx's error, or the engine's when it closes). It resumes
// after the last event whose notice it recorded, so a restart misses no
// case that finished meanwhile.
func (o *Outbox) Follow(ctx context.Context) error {
	o.mu.Lock()
	since := o.cursor
	o.mu.Unlock()
	if since == 0 {
		hv, err := o.e.HallView()
		if err != nil {
			return err
		}
		since = hv.Seq
	}
	o.checkNear(0, false) // places moved while halld was down (ended tickets: the replay drops them)
	sub := o.e.Subscribe(since)
	defer sub.Close()
	for {
		ev, err := sub.Next(ctx)
		if err != nil {
			return err
		}
		o.Handle(ev)
	}
}

// Handle takes one committed event (Follow calls it; tests drive it).
func (o *Outbox) Handle(ev queue.Event) {
	if strings.HasPrefix(ev.Type, Domain+".") {
		return
	}
	d, _ := ev.Decode()
	o.mu.Lock()
	p := o.pending
	o.pending = nil
	o.mu.Unlock()
	if p != nil {
		// FinishAccepted commits the ticket's end and its case together,
		// the case right after: that pairs them.
		if ev.Type == queue.EvCaseCreated && ev.Seq == p.seq+1 && d.Case != nil {
			o.linkCase(ev.Seq, p.ticket, d.Case.Number)
		} else {
			o.drop(ev.Seq, p.ticket)
		}
	}
	switch {
	case strings.HasPrefix(ev.Type, "ticket.") && d.Ticket != nil && o.watched(d.Ticket.ID) && !d.Ticket.State.Live():
		if ev.Type == queue.EvFinished && d.Ticket.Outcome == queue.OutcomeAccepted {
			o.mu.Lock()
			o.pending = &accepted{seq: ev.Seq, ticket: d.Ticket.ID}
			o.mu.Unlock()
		} else {
			o.drop(ev.Seq, d.Ticket.ID)
		}
	case ev.Type == queue.EvCaseUpdated && d.Case != nil:
		switch d.Case.State {
		case queue.CaseDone, queue.CaseAwaiting:
			o.caseDone(ev.Seq, *d.Case)
		case queue.CaseRefused, queue.CasePickedUp:
			o.unlink(ev.Seq, d.Case.Number)
		}
	}
	if strings.HasPrefix(ev.Type, "ticket.") || strings.HasPrefix(ev.Type, "day.") {
		// A day's close expires tickets without an event each: look at
		// every watch then, not only those still waiting for the notice.
		o.checkNear(ev.Seq, strings.HasPrefix(ev.Type, "day."))
	}
}

func (o *Outbox) notified(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	w := o.watches[id]
	return w == nil || w.Notified
}

func (o *Outbox) watched(id string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.watches[id] != nil
}

// putCursor records seq as handled in the same change.
func putCursor(r *queue.Rec, seq uint64) error {
	if seq == 0 {
		return nil
	}
	return r.Put(Domain, "cursor", seq)
}

func (o *Outbox) setCursor(seq uint64) {
	if seq > o.cursor {
		o.cursor = seq
	}
}

// checkNear sends the near notice to every watched ticket now within
// Config.Ahead of the front, and forgets tickets that ended (all: also
// those already notified).
func (o *Outbox) checkNear(seq uint64, all bool) {
	o.mu.Lock()
	var ids []string
	for id, w := range o.watches {
		if o.pending != nil && o.pending.ticket == id {
			continue // finished as a case: its phone moves to the case next
		}
		if all || !w.Notified {
			ids = append(ids, id)
		}
	}
	o.mu.Unlock()
	for _, id := range ids {
		t, err := o.e.Ticket(id)
		var qe *queue.Error
		switch {
		case errors.As(err, &qe) && qe.Kind == queue.ErrNotFound:
			o.drop(seq, id)
			continue
		case err != nil:
			continue
		case !t.State.Live():
			// Replaying, the ticket's own end may still be ahead in the
			// events (it may become a case): that event drops it. A day's
			// close ends tickets without one.
			if all {
				o.drop(seq, id)
			}
			continue
		case t.State != queue.Waiting || t.Ahead == nil || *t.Ahead > o.cfg.Ahead || o.notified(id):
			continue
		}
		o.near(seq, t)
	}
}

// near enqueues the near notice of t and marks its watch notified.
func (o *Outbox) near(seq uint64, t queue.TicketView) {
	o.mu.Lock()
	w := o.watches[t.ID]
	o.mu.Unlock()
	if w == nil || w.Notified {
		return
	}
	phone, err := o.e.Unseal(w.Sealed, Domain+"|t/"+t.ID)
	if err != nil {
		o.log.Error("sms: sealed phone unreadable", "ticket", t.Number, "err", err)
		return
	}
	text := fill(o.cfg.Texts.Near, map[string]string{"hall": o.e.Hall().Hall.Name, "number": t.Number,
		"service": t.ServiceName, "ahead": strconv.Itoa(*t.Ahead)})
	nw := *w
	nw.Notified = true
	var m *message
	err = o.e.Update(func(r *queue.Rec) error {
		var err error
		if m, err = o.add(r, phone, text, KindNear, t.Number, timeZero); err != nil {
			return err
		}
		if err := r.Put(Domain, "t/"+t.ID, &nw); err != nil {
			return err
		}
		return putCursor(r, seq)
	})
	if err != nil {
		o.log.Error("sms: near notice not recorded", "ticket", t.Number, "err", err)
		return
	}
	o.mu.Lock()
	*w = nw
	o.setCursor(seq)
	o.mu.Unlock()
	o.commitAdd(m)
	o.log.Info("sms: near notice queued", "ticket", t.Number, "to", w.To)
}

// drop forgets a watched ticket that ended.
func (o *Outbox) drop(seq uint64, id string) {
	if !o.watched(id) {
		return
	}
	err := o.e.Update(func(r *queue.Rec) error {
		if err := r.Delete(Domain, "t/"+id); err != nil {
			return err
		}
		return putCursor(r, seq)
	})
	if err != nil {
		o.log.Error("sms: watch not dropped", "ticket", id, "err", err)
		return
	}
	o.mu.Lock()
	delete(o.watches, id)
	o.setCursor(seq)
	o.mu.Unlock()
}

// linkCase moves a finished ticket's phone to the case accepted from it.
func (o *Outbox) linkCase(seq uint64, ticket, number string) {
	o.mu.Lock()
	w := o.watches[ticket]
	o.mu.Unlock()
	if w == nil {
		return
	}
	phone, err := o.e.Unseal(w.Sealed, Domain+"|t/"+ticket)
	if err != nil {
		o.log.Error("sms: sealed phone unreadable", "ticket", w.Number, "err", err)
		o.drop(seq, ticket)
		return
	}
	l := &link{Case: number, Ticket: ticket, To: w.To}
	err = o.e.Update(func(r *queue.Rec) error {
		l.Sealed = r.Seal(phone, Domain+"|c/"+number)
		if err := r.Put(Domain, "c/"+number, l); err != nil {
			return err
		}
		if err := r.Delete(Domain, "t/"+ticket); err != nil {
			return err
		}
		return putCursor(r, seq)
	})
	if err != nil {
		o.log.Error("sms: case link not recorded", "case", number, "err", err)
		return
	}
	o.mu.Lock()
	o.links[number] = l
	delete(o.watches, ticket)
	o.setCursor(seq)
	o.mu.Unlock()
}

// caseDone enqueues the case's 办结 notice, once.
func (o *Outbox) caseDone(seq uint64, c queue.CaseView) {
	o.mu.Lock()
	l := o.links[c.Number]
	o.mu.Unlock()
	if l == nil {
		return
	}
	phone, err := o.e.Unseal(l.Sealed, Domain+"|c/"+c.Number)
	if err != nil {
		o.log.Error("sms: sealed phone unreadable", "case", c.Number, "err", err)
		return
	}
	window := "服务"
	if c.Window > 0 {
		window = strconv.Itoa(c.Window)
	}
	text := fill(o.cfg.Texts.CaseDone, map[string]string{"hall": o.e.Hall().Hall.Name, "case": c.Number,
		"service": c.ServiceName, "window": window})
	var m *message
	err = o.e.Update(func(r *queue.Rec) error {
		var err error
		if m, err = o.add(r, phone, text, KindCaseDone, c.Number, timeZero); err != nil {
			return err
		}
		if err := r.Delete(Domain, "c/"+c.Number); err != nil {
			return err
		}
		return putCursor(r, seq)
	})
	if err != nil {
		o.log.Error("sms: case notice not recorded", "case", c.Number, "err", err)
		return
	}
	o.mu.Lock()
	delete(o.links, c.Number)
	o.setCursor(seq)
	o.mu.Unlock()
	o.commitAdd(m)
	o.log.Info("sms: case notice queued", "case", c.Number, "to", l.To)
}

// unlink forgets a case that ended without a notice (refused, collected).
func (o *Outbox) unlink(seq uint64, number string) {
	o.mu.Lock()
	l := o.links[number]
	o.mu.Unlock()
	if l == nil {
		return
	}
	err := o.e.Update(func(r *queue.Rec) error {
		if err := r.Delete(Domain, "c/"+number); err != nil {
			return err
		}
		return putCursor(r, seq)
	})
	if err == nil {
		o.mu.Lock()
		delete(o.links, number)
		o.setCursor(seq)
		o.mu.Unlock()
	}
}

var timeZero time.Time

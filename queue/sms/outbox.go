package sms

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"halld/queue"
)

// Domain is the records domain and event prefix of this package.
const Domain = "sms"

// Message states.
const (
	Queued = "queued"
	Sent   = "sent"
	Failed = "failed"
)

// Kinds of message halld sends itself; other domains bring their own.
const (
	KindNear     = "near"
	KindCaseDone = "case_done"
	KindTest     = "test"
)

// keepDays is how long sent and failed messages stay listed.
const keepDays = 30

// message is a message as stored (key "m/<id>").
type message struct {
	ID        string     `json:"id"`
	Sealed    []byte     `json:"sealed,omitempty"` // the phone; erased once sent or given up
	To        string     `json:"to"`               // masked
	Text      string     `json:"text"`
	Kind      string     `json:"kind"`
	Ref       string     `json:"ref,omitempty"` // ticket, case, booking…
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	CreatedAt time.Time  `json:"created_at"`
	NextAt    time.Time  `json:"next_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Error     string     `json:"error,omitempty"`
}

// watch is a ticket whose holder left a phone (key "t/<ticket id>").
type watch struct {
	Ticket   string `json:"ticket"`
	Number   string `json:"number"`
	Sealed   []byte `json:"sealed"`
	To       string `json:"to"`
	Notified bool   `json:"notified"` // the near notice is done (or was not needed)
}

// link is a case accepted from a watched ticket (key "c/<case number>").
type link struct {
	Case   string `json:"case"`
	Ticket string `json:"ticket"`
	Sealed []byte `json:"sealed"`
	To     string `json:"to"`
}

// Options configure an Outbox.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // nil: time.Now
	// Sender names what sends (shown to the admin): "modem", "webhook".
	Sender string
}

// Outbox is the hall's durable message queue and its notices.
type Outbox struct {
	e    *queue.Engine
	cfg  Config
	log  *slog.Logger
	now  func() time.Time
	name string
	wake chan struct{}

	mu      sync.Mutex
	msgs    map[string]*message
	next    uint64
	watches map[string]*watch
	links   map[string]*link
	cursor  uint64      // last event the notices handled (persisted with their changes)
	recent  []time.Time // send attempts of the last minute (rate)
	pending *accepted   // a watched ticket just finished as accepted
}

type accepted struct {
	seq    uint64
	ticket string
}

// Open loads the domain's records from e; cfg must be validated.
func Open(e *queue.Engine, cfg Config, opt Options) (*Outbox, error) {
	o := &Outbox{e: e, cfg: cfg, log: opt.Logger, now: opt.Now, name: opt.Sender, wake: make(chan struct{}, 1),
		msgs: map[string]*message{}, watches: map[string]*watch{}, links: map[string]*link{}}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	if o.now == nil {
		o.now = time.Now
	}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		kind, id, _ := strings.Cut(key, "/")
		var err error
		switch kind {
		case "m":
			m := new(message)
			err = json.Unmarshal(raw, m)
			o.msgs[id] = m
			n, perr := strconv.ParseUint(id, 10, 64) // not Sscan: it reads a leading 0 as octal
			if perr != nil {
				return fmt.Errorf("sms: record %s: bad id", key)
			}
			o.next = max(o.next, n)
		case "t":
			w := new(watch)
			err = json.Unmarshal(raw, w)
			o.watches[id] = w
		case "c":
			l := new(link)
			err = json.Unmarshal(raw, l)
			o.links[id] = l
		case "cursor":
			err = json.Unmarshal(raw, &o.cursor)
		}
		if err != nil {
			return fmt.Errorf("sms: record %s: %w", key, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, o.prune()
}

// prune forgets messages done more than keepDays ago.
func (o *Outbox) prune() error {
	cut := o.now().AddDate(0, 0, -keepDays)
	var old []string
	for id, m := range o.msgs {
		if m.State != Queued && m.CreatedAt.Before(cut) {
			old = append(old, id)
		}
	}
	if len(old) == 0 {
		return nil
	}
	err := o.e.Update(func(r *queue.Rec) error {
		for _, id := range old {
			if err := r.Delete(Domain, "m/"+id); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		for _, id := range old {
			delete(o.msgs, id)
		}
	}
	return err
}

// Request is a message to enqueue.
type Request struct {
	Phone string
	Text  string
	Kind  string // [a-z_], e.g. "appointment"
	Ref   string // what it is about (booking code…), shown to the admin
	// NotBefore delays the first try (a reminder); zero sends now.
	NotBefore time.Time
}

var kindPattern = regexp.MustCompile(`^[a-z][a-z_]{0,23}$`)

// Enqueue records a message to send. It refuses (*queue.Error) a phone
// that is not a mainland mobile number, an empty or over-long text, and
// any message while SMS is disabled.
func (o *Outbox) Enqueue(req Request) (View, error) {
	phone, ok := NormalPhone(req.Phone)
	switch {
	case !o.cfg.Enabled:
		return View{}, &queue.Error{Kind: queue.ErrConflict, Code: "sms_disabled", Message: "本大厅未开通短信通知"}
	case !ok:
		return View{}, badPhone()
	case strings.TrimSpace(req.Text) == "" || utf8.RuneCountInString(req.Text) > 500:
		return View{}, &queue.Error{Kind: queue.ErrBadInput, Code: "bad_text", Message: "短信内容不能为空，且不超过500字"}
	case !kindPattern.MatchString(req.Kind) || len(req.Ref) > 64:
		return View{}, &queue.Error{Kind: queue.ErrBadInput, Code: "bad_kind", Message: "短信类别不正确"}
	}
	var m *message
	err := o.e.Update(func(r *queue.Rec) error {
		var err error
		m, err = o.add(r, phone, req.Text, req.Kind, req.Ref, req.NotBefore)
		return err
	})
	if err != nil {
		return View{}, err
	}
	o.commitAdd(m)
	o.log.Info("sms: queued", "id", m.ID, "kind", m.Kind, "to", Phone(phone))
	return m.view(), nil
}

func badPhone() error {
	return &queue.Error{Kind: queue.ErrBadInput, Code: "bad_phone", Message: "请输入正确的11位手机号码"}
}

// add records a new message inside an Update; commitAdd files it in
// memory once the Update committed.
func (o *Outbox) add(r *queue.Rec, phone, text, kind, ref string, notBefore time.Time) (*message, error) {
	o.mu.Lock()
	o.next++ // reserved even if the Update fails: ids may skip, never repeat
	id := fmt.Sprintf("%010d", o.next)
	o.mu.Unlock()
	at := r.At()
	m := &message{ID: id, Sealed: r.Seal(phone, Domain+"|m/"+id), To: queue.MaskPhone(phone), Text: text, Kind: kind, Ref: ref,
		State: Queued, CreatedAt: at, NextAt: at}
	if notBefore.After(at) {
		m.NextAt = notBefore
	}
	if err := r.Put(Domain, "m/"+id, m); err != nil {
		return nil, err
	}
	_, err := r.Emit("sms.queued", map[string]any{"id": id, "kind": kind, "ref": ref, "to": m.To})
	return m, err
}

func (o *Outbox) commitAdd(m *message) {
	o.mu.Lock()
	o.msgs[m.ID] = m
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Watch keeps the phone the holder of ticket t left at the kiosk, sealed,
// for the notices. A ticket already within Config.Ahead of the front is
// not sent the near notice (it is about to be called).
func (o *Outbox) Watch(t queue.TicketView, phone string) error {
	phone, ok := NormalPhone(phone)
	switch {
	case !o.cfg.Enabled:
		return &queue.Error{Kind: queue.ErrConflict, Code: "sms_disabled", Message: "本大厅未开通短信通知"}
	case !ok:
		return badPhone()
	}
	ahead := 0
	if t.Ahead != nil {
		ahead = *t.Ahead
	}
	w := &watch{Ticket: t.ID, Number: t.Number, To: queue.MaskPhone(phone), Notified: ahead <= o.cfg.Ahead}
	err := o.e.Update(func(r *queue.Rec) error {
		w.Sealed = r.Seal(phone, Domain+"|t/"+t.ID)
		if err := r.Put(Domain, "t/"+t.ID, w); err != nil {
			return err
		}
		_, err := r.Emit("sms.opted_in", map[string]any{"ticket": t.ID, "number": t.Number, "to": w.To})
		return err
	})
	if err != nil {
		return err
	}
	o.mu.Lock()
	o.watches[t.ID] = w
	o.mu.Unlock()
	o.log.Info("sms: ticket opted in", "ticket", t.Number, "to", Phone(phone))
	return nil
}

// Enabled reports whether the hall sends SMS.
func (o *Outbox) Enabled() bool { return o.cfg.Enabled }

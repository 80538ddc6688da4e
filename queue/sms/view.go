package sms

import (
	"slices"
	"time"
)

// View is a message as the admin sees it: the phone masked.
type View struct {
	ID        string     `json:"id"`
	To        string     `json:"to"`
	Text      string     `json:"text"`
	Kind      string     `json:"kind"`
	Ref       string     `json:"ref,omitempty"`
	State     string     `json:"state"`
	Attempts  int        `json:"attempts"`
	CreatedAt time.Time  `json:"created_at"`
	NextAt    *time.Time `json:"next_at,omitempty"` // while queued
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Error     string     `json:"error,omitempty"`
}

func (m *message) view() View {
	v := View{ID: m.ID, To: m.To, Text: m.Text, Kind: m.Kind, Ref: m.Ref, State: m.State, Attempts: m.Attempts,
		CreatedAt: m.CreatedAt, SentAt: m.SentAt, Error: m.Error}
	if m.State == Queued {
		t := m.NextAt
		v.NextAt = &t
	}
	return v
}

// Status is the queue as GET /api/v1/sms shows it.
type Status struct {
	Enabled       bool   `json:"enabled"`
	Sender        string `json:"sender"` // modem, webhook or ""
	RatePerMinute int    `json:"rate_per_minute"`
	MaxAttempts   int    `json:"max_attempts"`
	Queued        int    `json:"queued"`
	Sent          int    `json:"sent"`
	Failed        int    `json:"failed"`
	Watching      int    `json:"watching"` // tickets and cases with a phone
	// Messages, newest first, at most limit.
	Messages []View `json:"messages"`
}

// Status returns the queue's counts and its latest messages (limit ≤ 0:
// 100).
func (o *Outbox) Status(limit int) Status {
	if limit <= 0 {
		limit = 100
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	st := Status{Enabled: o.cfg.Enabled, Sender: o.name, RatePerMinute: o.cfg.RatePerMinute, MaxAttempts: o.cfg.MaxAttempts,
		Watching: len(o.watches) + len(o.links), Messages: []View{}}
	ids := make([]string, 0, len(o.msgs))
	for id, m := range o.msgs {
		ids = append(ids, id)
		switch m.State {
		case Queued:
			st.Queued++
		case Sent:
			st.Sent++
		case Failed:
			st.Failed++
		}
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	for _, id := range ids[:min(limit, len(ids))] {
		st.Messages = append(st.Messages, o.msgs[id].view())
	}
	return st
}

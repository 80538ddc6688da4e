// Package guide is the hall's service guides (办事指南, 一次性告知): per
// service the materials to bring, the procedure, the legal and promised
// time limits, the fees, the legal basis and the windows, kept beside the
// engine through its records API. An admin edits them (a centre will push
// them through the same Set, with the same validation); the kiosk shows
// and prints them before a ticket is taken, and the phone page behind the
// ticket's QR code shows its service's.
//
// Caveats: a guide is plain text (lists of lines), no markup; only the
// current version is kept (each change is an event, so the log keeps the
// history).
package guide

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"halld/queue"
	"halld/queue/hall"
)

// Domain is the records domain and event prefix of the guides.
const Domain = "guide"

// Guide is one service's guide as edited.
type Guide struct {
	Materials []string `json:"materials"`  // 申请材料, one per line
	Procedure []string `json:"procedure"`  // 办理流程, one step per line
	TimeLimit string   `json:"time_limit"` // 办理时限: 法定 and 承诺
	Fees      string   `json:"fees"`       // 收费标准 ("不收费")
	Basis     []string `json:"basis"`      // 设定依据
	// Windows are where it is handled; empty means the windows serving
	// the service in the hall file.
	Windows []int `json:"windows,omitempty"`
}

// View is a guide as shown: the service's name and windows filled in.
type View struct {
	Service     string `json:"service"`
	ServiceName string `json:"service_name"`
	Department  string `json:"department,omitempty"`
	Guide
	Version   int       `json:"version"` // 0: none written yet
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// record is what is stored per service.
type record struct {
	Guide
	Version   int       `json:"version"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Limits of a guide (a printed page, not a book).
const (
	maxLines    = 40
	maxLineLen  = 200
	maxFieldLen = 500
)

// Guides holds the hall's guides in memory.
type Guides struct {
	e  *queue.Engine
	h  *hall.Hall
	mu sync.Mutex
	by map[string]*record
}

// Open loads the committed guides of e.
func Open(e *queue.Engine) (*Guides, error) {
	g := &Guides{e: e, h: e.Hall(), by: map[string]*record{}}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		var r record
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("guide: record %s: %w", key, err)
		}
		g.by[key] = &r
		return nil
	})
	return g, err
}

func refuse(kind error, code, format string, args ...any) error {
	return &queue.Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// clean trims the lines, drops empty ones and checks the limits.
func clean(field, name string, lines []string) ([]string, error) {
	out := []string{}
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if utf8.RuneCountInString(l) > maxLineLen || !utf8.ValidString(l) {
			return nil, refuse(queue.ErrBadInput, "bad_"+field, "「%s」每行不超过%d字", name, maxLineLen)
		}
		out = append(out, l)
	}
	if len(out) > maxLines {
		return nil, refuse(queue.ErrBadInput, "bad_"+field, "「%s」不超过%d行", name, maxLines)
	}
	return out, nil
}

// validate returns g cleaned, or the first thing wrong with it.
func (s *Guides) validate(g Guide) (Guide, error) {
	var err error
	if g.Materials, err = clean("materials", "申请材料", g.Materials); err != nil {
		return g, err
	}
	if g.Procedure, err = clean("procedure", "办理流程", g.Procedure); err != nil {
		return g, err
	}
	if g.Basis, err = clean("basis", "设定依据", g.Basis); err != nil {
		return g, err
	}
	g.TimeLimit, g.Fees = strings.TrimSpace(g.TimeLimit), strings.TrimSpace(g.Fees)
	for _, f := range []struct{ code, name, v string }{{"time_limit", "办理时限", g.TimeLimit}, {"fees", "收费标准", g.Fees}} {
		if f.v == "" {
			return g, refuse(queue.ErrBadInput, "missing_"+f.code, "请填写「%s」", f.name)
		}
		if utf8.RuneCountInString(f.v) > maxFieldLen || !utf8.ValidString(f.v) {
			return g, refuse(queue.ErrBadInput, "bad_"+f.code, "「%s」不超过%d字", f.name, maxFieldLen)
		}
	}
	if len(g.Materials) == 0 {
		return g, refuse(queue.ErrBadInput, "missing_materials", "请填写「申请材料」（一行一项）")
	}
	if len(g.Procedure) == 0 {
		return g, refuse(queue.ErrBadInput, "missing_procedure", "请填写「办理流程」（一行一步）")
	}
	seen := map[int]bool{}
	for _, n := range g.Windows {
		if s.h.WindowByNumber(n) == nil || seen[n] {
			return g, refuse(queue.ErrBadInput, "bad_windows", "没有%d号窗口，或重复填写", n)
		}
		seen[n] = true
	}
	slices.Sort(g.Windows)
	return g, nil
}

// Set writes service's guide on behalf of by (a staff id, or the
// centre's name): the caller has checked by may (admins; the API does).
func (s *Guides) Set(by, service string, g Guide) (View, error) {
	if s.h.ServiceByID(service) == nil {
		return View{}, refuse(queue.ErrNotFound, "unknown_service", "没有这项业务")
	}
	g, err := s.validate(g)
	if err != nil {
		return View{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := record{Guide: g, UpdatedBy: by, Version: 1}
	if old := s.by[service]; old != nil {
		r.Version = old.Version + 1
	}
	err = s.e.Update(func(c *queue.Rec) error {
		r.UpdatedAt = c.At()
		if _, err := c.Emit(Domain+".updated", struct {
			Service string `json:"service"`
			Version int    `json:"version"`
			By      string `json:"by"`
		}{service, r.Version, by}); err != nil {
			return err
		}
		return c.Put(Domain, service, r)
	})
	if err != nil {
		return View{}, err
	}
	s.by[service] = &r
	return s.view(service), nil
}

// Get returns service's guide (Version 0 when none is written yet).
func (s *Guides) Get(service string) (View, error) {
	if s.h.ServiceByID(service) == nil {
		return View{}, refuse(queue.ErrNotFound, "unknown_service", "没有这项业务")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.view(service), nil
}

// List returns every service's guide, in hall order.
func (s *Guides) List() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []View{}
	for _, svc := range s.h.Services {
		out = append(out, s.view(svc.ID))
	}
	return out
}

func (s *Guides) view(service string) View {
	svc := s.h.ServiceByID(service)
	v := View{Service: service, ServiceName: svc.Name, Department: svc.Department}
	if r := s.by[service]; r != nil {
		v.Guide, v.Version, v.UpdatedBy, v.UpdatedAt = r.Guide, r.Version, r.UpdatedBy, r.UpdatedAt.In(s.h.Location)
		v.Guide.Windows = slices.Clone(r.Windows)
	}
	if len(v.Windows) == 0 {
		v.Windows = s.h.ServesWindows(service)
	}
	for _, f := range []*[]string{&v.Materials, &v.Procedure, &v.Basis} {
		if *f == nil {
			*f = []string{}
		}
	}
	return v
}

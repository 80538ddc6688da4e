package agent

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"halld/device/escpos"
	"halld/internal/httpjson"
	"halld/kiosk"
	"halld/queue"
)

// Hub is the hub's side of the links: it takes presses, heartbeats and
// device states from the boards' agents, tracks each board's state (shown
// as a device of kind "agent" on the screens and the admin page), and
// lets the admin issue and revoke the boards' tokens.
type Hub struct {
	e      *queue.Engine
	layout kiosk.TicketLayout
	log    *slog.Logger
	now    func() time.Time
	silent time.Duration // a board not heard from this long is offline

	mu       sync.Mutex
	boards   map[string]*BoardState
	jobs     map[string]chan *printJob // per board
	inFlight map[string]*printJob      // by id, until answered
	wired    map[string]*boardDevices  // by board, from the hall's file (Bind)
	stopped  chan struct{}             // closed when Run ends: long polls return
}

// BoardState is what the hub knows of a board's agent.
type BoardState struct {
	Board    string    `json:"board"`
	Online   bool      `json:"online"`
	LastSeen time.Time `json:"last_seen"`
	Addr     string    `json:"addr"`
	Outbox   int       `json:"outbox"` // presses the board still holds
	Seq      uint64    `json:"seq"`    // the last event it has seen
	Revoked  bool      `json:"revoked,omitempty"`

	printers map[string]string // kiosk id → the board's printer id
}

// NewHub returns the hub side; layout renders the tickets of button
// presses (its Paper is set per press from the board's printer).
func NewHub(e *queue.Engine, layout kiosk.TicketLayout, log *slog.Logger) *Hub {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Hub{e: e, layout: layout, log: log, now: time.Now, silent: 30 * time.Second,
		boards: map[string]*BoardState{}, jobs: map[string]chan *printJob{}, inFlight: map[string]*printJob{},
		stopped: make(chan struct{})}
}

// Register mounts the agents' API and the admin's.
func (h *Hub) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("POST /api/v1/agent/presses", http.HandlerFunc(h.press))
	mux.Handle("POST /api/v1/agent/heartbeat", http.HandlerFunc(h.heartbeat))
	mux.Handle("POST /api/v1/agent/devices", http.HandlerFunc(h.device))
	mux.Handle("GET /api/v1/agent/jobs", http.HandlerFunc(h.nextJob))
	mux.Handle("POST /api/v1/agent/jobs/{id}", http.HandlerFunc(h.jobDone))
	mux.Handle("POST /api/v1/admin/agents", http.HandlerFunc(h.issue))
	mux.Handle("GET /api/v1/admin/agents", http.HandlerFunc(h.list))
	mux.Handle("DELETE /api/v1/admin/agents/{board}", http.HandlerFunc(h.revoke))
}

func (h *Hub) press(w http.ResponseWriter, r *http.Request) {
	var req pressRequest
	if !httpjson.Decode(w, r, &req) {
		return
	}
	tok := httpjson.Bearer(r)
	if board, err := h.e.AgentBoard(tok); err == nil {
		req.Press.Refuse = h.check(board, req.Press)
	} // else Deliver refuses the token
	d, err := h.e.Deliver(tok, req.Press)
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	ans := Answer{Delivery: d}
	if d.Ticket != nil {
		lay := h.layout
		if req.PaperMM != 0 {
			if p, err := escpos.PaperByWidth(req.PaperMM); err == nil {
				lay.Paper = p
			}
		}
		if ans.Print, err = lay.Job(*d.Ticket, d.Key); err != nil {
			h.log.Error("agent: ticket layout failed", "ticket", d.Ticket.Number, "err", err)
		}
	}
	httpjson.WriteJSON(w, http.StatusOK, ans)
}

func (h *Hub) heartbeat(w http.ResponseWriter, r *http.Request) {
	var hb Heartbeat
	if !httpjson.Decode(w, r, &hb) {
		return
	}
	board, err := h.e.AgentBoard(httpjson.Bearer(r))
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	h.mu.Lock()
	b := h.board(board)
	changed := !b.Online || b.Outbox != hb.Outbox || b.Revoked
	b.Online, b.Revoked, b.LastSeen, b.Outbox, b.Seq, b.Addr = true, false, h.now(), hb.Outbox, hb.Seq, r.RemoteAddr
	b.printers = hb.Printers
	st := *b
	h.mu.Unlock()
	if changed {
		h.report(st)
	}
	w.WriteHeader(http.StatusNoContent)
}

// board returns the state of a board, new if unknown; call with h.mu held.
func (h *Hub) board(name string) *BoardState {
	b := h.boards[name]
	if b == nil {
		b = &BoardState{Board: name}
		h.boards[name] = b
	}
	return b
}

// report shows a board's state as a device of kind "agent".
func (h *Hub) report(b BoardState) {
	d := queue.DeviceState{ID: "agent:" + b.Board, Kind: "agent", State: queue.DeviceOK}
	switch {
	case b.Revoked:
		d.State, d.Detail = queue.DeviceOffline, "设备板令牌已吊销"
	case !b.Online:
		d.State, d.Detail = queue.DeviceOffline, fmt.Sprintf("设备板失去联系（最后联系 %s）", b.LastSeen.In(h.e.Hall().Location).Format("15:04:05"))
	case b.Outbox > 0:
		d.Detail = fmt.Sprintf("待送 %d 次按键", b.Outbox)
	}
	if err := h.e.ReportDevice(d); err != nil {
		h.log.Warn("agent: board state not recorded", "board", b.Board, "err", err)
	}
}

func (h *Hub) device(w http.ResponseWriter, r *http.Request) {
	var d queue.DeviceState
	if !httpjson.Decode(w, r, &d) {
		return
	}
	board, err := h.e.AgentBoard(httpjson.Bearer(r))
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	d.ID = board + "/" + d.ID // device ids are the board's own
	if err := h.e.ReportDevice(d); err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Run marks boards that fell silent offline, until ctx ends; then it ends
// the boards' long polls, so the server's shutdown need not wait for them.
func (h *Hub) Run(ctx context.Context) {
	t := time.NewTicker(h.silent / 6)
	defer t.Stop()
	defer close(h.stopped)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var lost []BoardState
		h.mu.Lock()
		for _, b := range h.boards {
			if b.Online && h.now().Sub(b.LastSeen) > h.silent {
				b.Online = false
				lost = append(lost, *b)
			}
		}
		h.mu.Unlock()
		for _, b := range lost {
			h.log.Warn("agent: board silent", "board", b.Board, "last_seen", b.LastSeen)
			h.report(b)
		}
	}
}

func (h *Hub) issue(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Board string `json:"board"`
	}
	if !httpjson.Decode(w, r, &req) {
		return
	}
	tok, err := h.e.IssueAgentToken(httpjson.Bearer(r), req.Board)
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	httpjson.WriteJSON(w, http.StatusCreated, map[string]string{"board": req.Board, "token": tok})
}

// list answers the boards holding a token, with what the hub knows of them.
func (h *Hub) list(w http.ResponseWriter, r *http.Request) {
	names, err := h.e.AgentBoards(httpjson.Bearer(r))
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	h.mu.Lock()
	out := []BoardState{}
	for _, n := range names {
		if b := h.boards[n]; b != nil {
			out = append(out, *b)
		} else {
			out = append(out, BoardState{Board: n})
		}
	}
	h.mu.Unlock()
	slices.SortFunc(out, func(a, b BoardState) int { return strings.Compare(a.Board, b.Board) })
	httpjson.WriteJSON(w, http.StatusOK, map[string]any{"agents": out})
}

func (h *Hub) revoke(w http.ResponseWriter, r *http.Request) {
	board := r.PathValue("board")
	if err := h.e.RevokeAgentToken(httpjson.Bearer(r), board); err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	h.mu.Lock()
	b := h.board(board)
	b.Online, b.Revoked = false, true
	st := *b
	h.mu.Unlock()
	h.report(st)
	w.WriteHeader(http.StatusNoContent)
}

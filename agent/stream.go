package agent

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"halld/equip"
	"halld/queue"
)

// maxReplay: a board further behind than this many events is shown the
// hall as it is now instead of every event it missed.
const maxReplay = 2000

// readWait: the hub pings every 25 s; silence for longer means it is gone.
const readWait = 60 * time.Second

// stream follows the hub's event stream, resuming after the last event it
// passed on whenever the connection is lost (hub restart, cable pulled).
type stream struct {
	l      *Link
	cursor atomic.Uint64
	out    chan queue.Event
	cancel context.CancelFunc
}

// Subscribe follows the hub's events after since (0: from the hall as it
// is now). The stream reconnects by itself until Close.
func (l *Link) Subscribe(since uint64) equip.Events {
	ctx, cancel := context.WithCancel(context.Background())
	s := &stream{l: l, out: make(chan queue.Event, 64), cancel: cancel}
	s.cursor.Store(since)
	go s.run(ctx)
	return s
}

func (s *stream) Next(ctx context.Context) (queue.Event, error) {
	select {
	case ev, ok := <-s.out:
		if !ok {
			return queue.Event{}, queue.ErrClosed
		}
		return ev, nil
	case <-ctx.Done():
		return queue.Event{}, ctx.Err()
	}
}

func (s *stream) Close() { s.cancel() }

func (s *stream) run(ctx context.Context) {
	defer close(s.out)
	wait := s.l.minWait
	for ctx.Err() == nil {
		if s.follow(ctx) {
			wait = s.l.minWait // it was up for a while: reconnect soon
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(wait*2, s.l.maxWait)
	}
}

// follow connects once and passes events on until the connection ends; it
// reports whether it connected.
func (s *stream) follow(ctx context.Context) bool {
	hv, err := s.l.HallView()
	if err != nil {
		return false
	}
	cur := s.cursor.Load()
	if cur == 0 || hv.Seq < cur || hv.Seq-cur > maxReplay {
		// New, or the hub's log is not ours to resume (restored from a
		// backup), or too far behind: start from the hall as it is.
		raw, _ := json.Marshal(hv)
		if !s.emit(ctx, queue.Event{Seq: hv.Seq, Type: equip.EvResync, At: s.l.now(), Data: raw}) {
			return false
		}
		cur = hv.Seq
		s.cursor.Store(cur)
		s.l.seen.Store(cur)
	}
	u, err := url.Parse(s.l.hub + "/api/v1/events?since=" + strconv.FormatUint(cur, 10))
	if err != nil {
		return false
	}
	u.Scheme = strings.Replace(u.Scheme, "http", "ws", 1)
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, _, err := s.l.ws.DialContext(dctx, u.String(), http.Header{"Authorization": {"Bearer " + s.l.token}})
	cancel()
	if err != nil {
		s.l.setProblem(err.Error())
		return false
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetReadLimit(4 << 20)
	conn.SetReadDeadline(time.Now().Add(readWait))
	conn.SetPingHandler(func(data string) error {
		conn.SetReadDeadline(time.Now().Add(readWait))
		return conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	for {
		_, raw, err := conn.ReadMessage()
		if err != nil {
			if ctx.Err() == nil {
				s.l.log.Info("agent: event stream lost, resuming", "after", s.cursor.Load(), "err", err)
			}
			return true
		}
		conn.SetReadDeadline(time.Now().Add(readWait))
		var ev queue.Event
		if err := json.Unmarshal(raw, &ev); err != nil || ev.Seq <= s.cursor.Load() {
			continue
		}
		if ev.Type == queue.EvPrivate {
			// An event outside a board's scope (the hub's public events):
			// nothing to drive, but the board has seen up to here.
			s.cursor.Store(ev.Seq)
			s.l.seen.Store(ev.Seq)
			continue
		}
		if !s.emit(ctx, ev) {
			return true
		}
		s.cursor.Store(ev.Seq)
		s.l.seen.Store(ev.Seq)
	}
}

func (s *stream) emit(ctx context.Context, ev queue.Event) bool {
	select {
	case s.out <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

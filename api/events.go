package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/gorilla/websocket"

	"halld/internal/httpjson"
	"halld/queue"
)

// Stream timing: a ping keeps idle connections (and NAT/proxies) alive and
// finds dead peers; a write that takes longer than writeWait means the
// client cannot keep up and is closed (it resumes with ?since=).
const (
	pingEvery = 25 * time.Second
	writeWait = 10 * time.Second
)

// maxBatch bounds the events a stream sends in one write when several are
// waiting (a screen that fell behind, or a burst of commits); the bytes
// bound is also the most a batch buffers (times the streams batching at
// once: a thousand screens woken by one burst).
const (
	maxBatch      = 64
	maxBatchBytes = 16 << 10
)

// events streams committed events over a WebSocket, after ?since=<seq>,
// in the scope of the caller's credential (streamscope.go).
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	var since uint64
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			httpjson.WriteError(w, http.StatusBadRequest, "bad_since", "since 必须是非负整数")
			return
		}
		since = n
	}
	tok, fromProtocol, ok := streamCredential(w, r)
	if !ok {
		return
	}
	var scope streamScope
	denied := false
	if tok != "" {
		sess, err := s.e.Authenticate(tok)
		switch {
		case err == nil:
			scope = scopeOf(sess, tok)
		case fromProtocol:
			denied = true // told after the upgrade: a browser sees only a close code
		}
		// An unknown token in the header gets what anyone gets: a board
		// whose token was revoked keeps its LEDs and keypads following
		// the queue (its presses are refused until a new token).
	}
	key, ok := s.reserveStream(w, r)
	if !ok {
		return
	}
	var hdr http.Header
	if fromProtocol {
		hdr = http.Header{"Sec-Websocket-Protocol": {streamProtocol}}
	}
	hj := &batchHijacker{ResponseWriter: w, slack: writeWait / 2}
	conn, err := s.up.Upgrade(hj, r, hdr)
	if err != nil {
		s.releaseStream(key)
		return // the upgrader has answered
	}
	if denied {
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeSessionInvalid, "session_invalid"), time.Now().Add(writeWait))
		conn.Close()
		s.releaseStream(key)
		return
	}
	// The HTTP server's read and write deadlines (ReadTimeout,
	// WriteTimeout) would stay on a hijacked connection; the upgrader
	// clears them, and so does this, so that no library change can cut
	// every screen after ReadTimeout. The stream sets a write deadline per
	// write; a dead peer fails a write or a ping.
	conn.SetWriteDeadline(time.Time{})
	conn.SetReadDeadline(time.Time{})
	if !s.track(conn) {
		s.releaseStream(key)
		conn.Close()
		return
	}
	// The stream runs on in its own goroutine and the handler returns: the
	// HTTP server's 4 KiB read and write buffers and the handler's grown
	// stack stay with the handler, 16–20 KiB a screen that a thousand
	// screens would otherwise hold for hours.
	go s.stream(conn, hj.conn, since, key, scope)
}

// stream sends the events after since, as scope shows them, until the
// client or halld goes, or the session that gave the scope ends.
func (s *Server) stream(conn *websocket.Conn, bc *batchConn, since uint64, key string, scope streamScope) {
	defer s.releaseStream(key)
	defer s.untrack(conn)
	defer s.recoverStream(conn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The reader notices the client going away (and answers its pings).
	conn.SetReadLimit(512)
	go func() {
		defer cancel()
		defer s.recoverStream(conn)
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	sub := s.e.Subscribe(since)
	defer sub.Close()
	for {
		ev, err := sub.NextWithin(ctx, pingEvery)
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		if scope.all && !s.e.SessionLive(scope.token) {
			// Logged out or expired: nothing more of what the session
			// alone could see. The client reconnects as who it now is.
			conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeSessionInvalid, "session_ended"))
			conn.Close()
			return
		}
		switch {
		case err == nil:
			err = sendBatch(conn, bc, sub, ev, scope)
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			err = conn.WriteMessage(websocket.PingMessage, nil)
		default:
			conn.WriteMessage(websocket.CloseMessage, streamClose(err))
			conn.Close()
			if !errors.Is(err, queue.ErrClosed) && ctx.Err() == nil {
				s.log.Error("event stream ended", "since", since, "err", err)
			}
			return
		}
		if err != nil {
			conn.Close()
			return
		}
	}
}

// streamClose is the close frame that ends a stream for err: going away
// when halld stops; 1011 with a code otherwise, so a screen never takes a
// damaged log for a whole one: "log_damaged 825-1570" names the events
// that cannot be read.
func streamClose(err error) []byte {
	var d *queue.DamageError
	switch {
	case errors.Is(err, queue.ErrClosed):
		return websocket.FormatCloseMessage(websocket.CloseGoingAway, "halld stopping")
	case errors.As(err, &d) && d.From > 0:
		return websocket.FormatCloseMessage(websocket.CloseInternalServerErr, fmt.Sprintf("log_damaged %d-%d", d.From, d.To))
	case errors.Is(err, queue.ErrCorrupt):
		return websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "log_damaged")
	}
	return websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "internal_error")
}

// recoverStream ends a stream whose goroutine panicked: logged, closed
// with internal_error, and the daemon carries on serving everyone else.
func (s *Server) recoverStream(conn *websocket.Conn) {
	r := recover()
	if r == nil {
		return
	}
	s.log.Error("event stream panicked", "panic", r, "stack", string(debug.Stack()))
	conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseInternalServerErr, "internal_error"), time.Now().Add(time.Second))
	conn.Close()
}

// sendBatch writes ev and whatever else the subscription has at hand, up to
// maxBatch events or maxBatchBytes, as one write to the socket. A lone
// event (the usual case in a calm hall) is written directly, unbuffered.
func sendBatch(conn *websocket.Conn, bc *batchConn, sub *queue.Subscription, ev queue.Event, scope streamScope) error {
	next, ok, _ := sub.TryNext()
	if !ok {
		return conn.WriteMessage(websocket.TextMessage, scope.bytes(ev))
	}
	bc.hold()
	n, size := 0, 0
	for {
		msg := scope.bytes(ev)
		if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
			bc.flush()
			return err
		}
		n, size = n+1, size+len(msg)
		if !ok {
			break
		}
		ev, ok = next, false // taken from the subscription: written next round
		if n+1 < maxBatch && size < maxBatchBytes {
			next, ok, _ = sub.TryNext() // an error shows again at the next NextWithin
		}
	}
	return bc.flush()
}

func (s *Server) track(c *websocket.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.streams[c] = struct{}{}
	return true
}

func (s *Server) untrack(c *websocket.Conn) {
	s.mu.Lock()
	delete(s.streams, c)
	s.mu.Unlock()
}

// CloseStreams ends every WebSocket with a close frame; http.Server's
// Shutdown does not touch hijacked connections, so the daemon calls this.
func (s *Server) CloseStreams() {
	s.mu.Lock()
	s.closing = true
	conns := make([]*websocket.Conn, 0, len(s.streams))
	for c := range s.streams {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	msg := websocket.FormatCloseMessage(websocket.CloseGoingAway, "halld stopping")
	for _, c := range conns {
		c.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
		c.Close()
	}
}

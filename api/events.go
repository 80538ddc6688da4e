package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

// Stream timing: a ping keeps idle connections (and NAT/proxies) alive and
// finds dead peers; a write that takes longer than writeWait means the
// client cannot keep up and is closed (it resumes with ?since=).
const (
	pingEvery = 25 * time.Second
	writeWait = 10 * time.Second
)

// events streams committed events over a WebSocket, after ?since=<seq>.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	var since uint64
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			WriteError(w, http.StatusBadRequest, "bad_since", "since 必须是非负整数")
			return
		}
		since = n
	}
	conn, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	if !s.track(conn) {
		conn.Close()
		return
	}
	defer s.untrack(conn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The reader notices the client going away (and answers its pings).
	conn.SetReadLimit(512)
	go func() {
		defer cancel()
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	sub := s.e.Subscribe(since)
	defer sub.Close()
	for {
		wctx, wcancel := context.WithTimeout(ctx, pingEvery)
		ev, err := sub.Next(wctx)
		wcancel()
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		switch {
		case err == nil:
			err = conn.WriteMessage(websocket.TextMessage, ev.JSON())
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
			err = conn.WriteMessage(websocket.PingMessage, nil)
		default:
			conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "halld stopping"))
			conn.Close()
			return
		}
		if err != nil {
			conn.Close()
			return
		}
	}
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

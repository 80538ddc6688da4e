package api

import (
	"net/http"
	"strconv"
	"time"

	"halld/internal/httpjson"
	"halld/queue"
)

// Connection and load limits.
//
// Event streams: at most maxStreamsPerSource from one address (IPv6: one
// /64) that is not one of the hall's devices, and maxStreams in all; a
// refused stream gets 429 too_many_streams or 503 streams_full with
// Retry-After, before the upgrade, so it costs no goroutine or buffer.
// The total bounds memory (about 25 KiB a stream) and descriptors.
//
// Issuing: at most maxIssuing anonymous issues in flight (each waits for
// its commit's fsync); more get 429 busy with Retry-After, so an overload
// queues in the clients, not in halld's memory.
const (
	maxStreamsPerSource = 16
	maxStreams          = 1500
	streamRetryAfter    = 30 * time.Second
	maxIssuing          = 64
)

// HTTP server timeouts (see NewHTTPServer): a slow client may not hold a
// connection by trickling headers or a body, nor by not reading answers.
// WriteTimeout counts from the request's arrival, so it must cover the
// longest handler: a kiosk's ticket waits up to 30 s for its printer (and
// its answer must still reach the screen, which shows the number when the
// printer did not). WebSocket streams clear them after the upgrade and
// keep their own; the backup download clears its write deadline.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 2 * time.Minute
)

// NewHTTPServer returns the http.Server the daemon serves h with.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout}
}

// SetStreamLimits changes the event-stream limits (tests, hallbench).
func (s *Server) SetStreamLimits(perSource, total int) {
	s.mu.Lock()
	s.streamsPerSource, s.streamsMax = perSource, total
	s.mu.Unlock()
}

// reserveStream takes a stream slot for r, or answers the refusal and
// returns "" and false. The key is released with releaseStream.
func (s *Server) reserveStream(w http.ResponseWriter, r *http.Request) (string, bool) {
	key := queue.SourceKey(r.RemoteAddr)
	device := s.FromDevice(r)
	s.mu.Lock()
	var code, msg string
	status := 0
	switch {
	case s.closing:
		status, code, msg = http.StatusServiceUnavailable, "shutting_down", "系统正在重启，请稍候"
	case s.streamCount >= s.streamsMax:
		status, code, msg = http.StatusServiceUnavailable, "streams_full", "连接数已满，请稍后再试"
	case !device && s.bySource[key] >= s.streamsPerSource:
		status, code, msg = http.StatusTooManyRequests, "too_many_streams", "本机连接过多，请关闭多余的页面"
	default:
		s.streamCount++
		s.bySource[key]++
	}
	s.mu.Unlock()
	if status != 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(streamRetryAfter/time.Second)))
		httpjson.WriteError(w, status, code, msg)
		return "", false
	}
	return key, true
}

func (s *Server) releaseStream(key string) {
	s.mu.Lock()
	s.streamCount--
	if s.bySource[key]--; s.bySource[key] <= 0 {
		delete(s.bySource, key)
	}
	s.mu.Unlock()
}

// startIssue takes an issuing slot or answers 429 busy.
func (s *Server) startIssue(w http.ResponseWriter) bool {
	select {
	case s.issuing <- struct{}{}:
		return true
	default:
		w.Header().Set("Retry-After", "1")
		httpjson.WriteError(w, http.StatusTooManyRequests, "busy", "取号人数较多，请稍后再试")
		return false
	}
}

func (s *Server) endIssue() { <-s.issuing }

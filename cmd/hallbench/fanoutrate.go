package main

import (
	"fmt"
	"io"
	"net"
	"time"
)

// rawFanout is the machine's floor for "call → every subscriber": one
// goroutine writes one message to each of n loopback TCP sockets, one
// after another, and another goroutine reads them all; a round ends when
// the last socket's message is read. No WebSocket framing, no JSON, no
// goroutine per socket: what the kernel and Go's netpoller cost alone.
type rawFanout struct {
	Sockets int     `json:"sockets"`
	Bytes   int     `json:"message_bytes"`
	Rounds  int     `json:"rounds"`
	P50ms   float64 `json:"p50_ms"`
	P99ms   float64 `json:"p99_ms"`
	// PerMsgUS is the p50 round over the sockets: the per-message cost
	// when writer and reader run side by side.
	PerMsgUS float64 `json:"per_message_us"`
}

// rawFanoutBytes is about a ticket.called event with its window's view.
const rawFanoutBytes = 700

func measureRawFanout(n, size, rounds int) (rawFanout, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rawFanout{}, err
	}
	defer ln.Close()
	writers := make([]net.Conn, 0, n)
	readers := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range append(writers, readers...) {
			c.Close()
		}
	}()
	for range n {
		r, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return rawFanout{}, fmt.Errorf("raw fan-out: %w", err)
		}
		readers = append(readers, r)
		w, err := ln.Accept()
		if err != nil {
			return rawFanout{}, fmt.Errorf("raw fan-out: %w", err)
		}
		writers = append(writers, w)
	}
	msg := make([]byte, size)
	buf := make([]byte, size)
	var lat []time.Duration
	for range rounds {
		errc := make(chan error, 1)
		t0 := time.Now()
		go func() {
			for _, w := range writers {
				if _, err := w.Write(msg); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for _, r := range readers {
			if _, err := io.ReadFull(r, buf); err != nil {
				return rawFanout{}, fmt.Errorf("raw fan-out: %w", err)
			}
		}
		lat = append(lat, time.Since(t0))
		if err := <-errc; err != nil {
			return rawFanout{}, fmt.Errorf("raw fan-out: %w", err)
		}
	}
	p := percentiles(lat).ms()
	return rawFanout{Sockets: n, Bytes: size, Rounds: rounds, P50ms: p.P50ms, P99ms: p.P99ms,
		PerMsgUS: p.P50ms * 1000 / float64(n)}, nil
}

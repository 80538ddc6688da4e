package main

import (
	"bufio"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// tlsListener serves HTTPS on a port where old http:// bookmarks and
// screen URLs still arrive: a connection that starts with a TLS handshake
// record (0x16) is handed on as TLS; anything else gets a permanent
// redirect of its one request to the same URL over https, and is closed.
// Each connection is told apart in its own goroutine, within sniffWait,
// so a silent client holds nothing but itself.
type tlsListener struct {
	net.Listener
	config *tls.Config
	log    *slog.Logger
	conns  chan net.Conn
	errc   chan error
	once   sync.Once
}

const sniffWait = 10 * time.Second

func newTLSListener(ln net.Listener, config *tls.Config, log *slog.Logger) *tlsListener {
	l := &tlsListener{Listener: ln, config: config, log: log, conns: make(chan net.Conn), errc: make(chan error, 1)}
	go l.acceptLoop()
	return l
}

func (l *tlsListener) acceptLoop() {
	for {
		c, err := l.Listener.Accept()
		if errors.Is(err, net.ErrClosed) {
			l.errc <- err
			return
		}
		if err != nil { // out of descriptors, say: wait for some to close, as net/http does
			l.log.Warn("accept", "err", err)
			time.Sleep(100 * time.Millisecond)
			continue
		}
		go l.sniff(c)
	}
}

// Accept returns the next TLS connection.
func (l *tlsListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case err := <-l.errc:
		l.errc <- err // every later Accept fails the same way
		return nil, err
	}
}

// sniffedConn is a connection whose first bytes were read into r.
type sniffedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *sniffedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func (l *tlsListener) sniff(c net.Conn) {
	c.SetReadDeadline(time.Now().Add(sniffWait))
	br := bufio.NewReader(c)
	first, err := br.Peek(1)
	if err != nil {
		c.Close()
		return
	}
	c.SetReadDeadline(time.Time{})
	sc := &sniffedConn{Conn: c, r: br}
	if first[0] == 0x16 { // TLS handshake record
		select {
		case l.conns <- tls.Server(sc, l.config):
		case err := <-l.errc: // the listener closed meanwhile
			l.errc <- err
			c.Close()
		}
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(sniffWait))
	req, err := http.ReadRequest(br)
	if err != nil || !redirectable(req.Host) {
		return
	}
	target := "https://" + req.Host + req.URL.RequestURI()
	resp := &http.Response{StatusCode: http.StatusPermanentRedirect, ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Location": {target}, "Connection": {"close"}, "Content-Length": {"0"}}, Close: true}
	resp.Write(c)
}

// redirectable accepts a Host header of a host name or an IP address,
// with a port or not: nothing else is echoed into a Location.
func redirectable(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return host != "" && (net.ParseIP(host) != nil || validHostName(host))
}

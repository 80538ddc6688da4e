package gsm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Options tune a Modem. Zero values take the defaults.
type Options struct {
	// Timeout bounds a command's answer (default 5 s).
	Timeout time.Duration
	// SendTimeout bounds the answer to a submitted PDU, which waits for
	// the network (default 60 s, as modem manuals give for AT+CMGS).
	SendTimeout time.Duration
	// SMSC is the service centre's number; "" uses the SIM's.
	SMSC string
}

// Status is what Init learnt of the modem.
type Status struct {
	Signal Signal `json:"signal"`
}

// Modem is a GSM modem on a line. It does one exchange at a time; it is
// safe for concurrent use.
type Modem struct {
	w   io.Writer
	opt Options

	lines chan Line     // parsed lines from the reader
	done  chan struct{} // closed when the reader stops
	rerr  error         // why it stopped (set before done closes)

	mu  sync.Mutex // one exchange at a time
	ref byte       // next concatenation reference
}

// New starts reading rw. Reads that time out (a serial port's read
// timeout, see serialport.ErrTimeout) are waited through; any other read
// error ends the Modem (ErrClosed). Close rw to stop it.
func New(rw io.ReadWriter, opt Options) *Modem {
	if opt.Timeout <= 0 {
		opt.Timeout = 5 * time.Second
	}
	if opt.SendTimeout <= 0 {
		opt.SendTimeout = 60 * time.Second
	}
	m := &Modem{w: rw, opt: opt, lines: make(chan Line, 64), done: make(chan struct{})}
	go m.read(rw)
	return m
}

// read splits what the modem says into lines; the "> " prompt has no line
// end and is recognised on its own.
func (m *Modem) read(r io.Reader) {
	defer close(m.done)
	buf := make([]byte, 256)
	var acc []byte
	for {
		n, err := r.Read(buf)
		acc = append(acc, buf[:n]...)
		for {
			if i := strings.IndexByte(string(acc), '\n'); i >= 0 {
				line := strings.TrimSpace(string(acc[:i]))
				acc = acc[i+1:]
				if line != "" {
					m.put(ParseLine(line))
				}
				continue
			}
			if t := strings.TrimLeft(string(acc), "\r\n"); t == "> " || t == ">" {
				acc = acc[:0]
				m.put(Line{Kind: Prompt})
			}
			break
		}
		if len(acc) > 4096 { // a line without end: noise on the wire
			acc = acc[:0]
		}
		var te interface{ Timeout() bool }
		if err != nil && !(errors.As(err, &te) && te.Timeout()) {
			m.rerr = fmt.Errorf("%w: %v", ErrClosed, err)
			return
		}
	}
}

// put queues a line; when nobody reads (unsolicited codes between
// commands) the oldest is dropped rather than blocking the reader.
func (m *Modem) put(l Line) {
	for {
		select {
		case m.lines <- l:
			return
		default:
			select {
			case <-m.lines:
			default:
			}
		}
	}
}

// drain drops what arrived between exchanges (unsolicited codes, late
// answers to a command that timed out).
func (m *Modem) drain() {
	for {
		select {
		case <-m.lines:
		default:
			return
		}
	}
}

// next waits for the next line.
func (m *Modem) next(ctx context.Context, t *time.Timer, cmd string) (Line, error) {
	select {
	case l := <-m.lines:
		return l, nil
	case <-t.C:
		return Line{}, fmt.Errorf("%w: %s", ErrNoAnswer, cmd)
	case <-m.done:
		return Line{}, m.rerr
	case <-ctx.Done():
		return Line{}, ctx.Err()
	}
}

// await reads until a final result; it returns the information lines.
// With prompt it also stops at "> ".
func (m *Modem) await(ctx context.Context, cmd string, d time.Duration, prompt bool) ([]Line, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	var info []Line
	for {
		l, err := m.next(ctx, t, cmd)
		if err != nil {
			return info, err
		}
		switch {
		case l.Kind == Prompt && prompt:
			return info, nil
		case l.Kind == Prompt:
		case l.Kind == Info && l.Name == "" && strings.EqualFold(l.Value, cmd):
			// the echo of cmd, before ATE0 took effect
		case l.Kind == Info:
			info = append(info, l)
		case l.Kind == OK:
			if prompt {
				return info, fmt.Errorf("%w: %s: OK without a prompt", ErrModem, cmd)
			}
			return info, nil
		default:
			kind := map[Kind]string{Error: "ERROR", CMEError: "+CME ERROR", CMSError: "+CMS ERROR"}[l.Kind]
			return info, &CommandError{Command: cmd, Kind: kind, Code: l.Code, Text: l.Text}
		}
	}
}

// command sends one AT command and waits for its final result.
func (m *Modem) command(ctx context.Context, cmd string) ([]Line, error) {
	m.drain()
	if _, err := io.WriteString(m.w, cmd+"\r"); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrClosed, err)
	}
	return m.await(ctx, cmd, m.opt.Timeout, false)
}

// Command sends one AT command (without CR) and returns its information
// lines, for diagnostics.
func (m *Modem) Command(ctx context.Context, cmd string) ([]Line, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.command(ctx, cmd)
}

// Init checks the modem and sets it up for PDU mode: AT, ATE0 (no echo),
// AT+CMEE=1 (numeric errors), AT+CPIN? (SIM ready, else ErrNoSIM),
// AT+CSQ (signal), AT+CMGF=0 (PDU mode).
func (m *Modem) Init(ctx context.Context) (Status, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var st Status
	for _, cmd := range []string{"AT", "ATE0", "AT+CMEE=1"} {
		if _, err := m.command(ctx, cmd); err != nil {
			return st, err
		}
	}
	info, err := m.command(ctx, "AT+CPIN?")
	var ce *CommandError
	if errors.As(err, &ce) {
		return st, fmt.Errorf("%w: %v", ErrNoSIM, err)
	}
	if err != nil {
		return st, err
	}
	if v := infoValue(info, "+CPIN"); v != "READY" {
		return st, fmt.Errorf("%w: +CPIN: %s", ErrNoSIM, v)
	}
	info, err = m.command(ctx, "AT+CSQ")
	if err != nil {
		return st, err
	}
	if st.Signal, err = ParseCSQ(infoValue(info, "+CSQ")); err != nil {
		return st, err
	}
	_, err = m.command(ctx, "AT+CMGF=0")
	return st, err
}

func infoValue(info []Line, name string) string {
	for _, l := range info {
		if l.Name == name {
			return l.Value
		}
	}
	return ""
}

// Send submits text to number, in as many parts as it needs, and returns
// the network's message reference of each part. A refused part ends the
// send (*CommandError with the +CMS ERROR code); the parts before it were
// sent.
func (m *Modem) Send(ctx context.Context, number, text string) ([]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	pdus, err := Encode(Message{To: number, Text: text, SMSC: m.opt.SMSC, Ref: m.ref})
	if err != nil {
		return nil, err
	}
	m.ref++
	var refs []int
	for _, p := range pdus {
		mr, err := m.submit(ctx, p)
		if err != nil {
			return refs, err
		}
		refs = append(refs, mr)
	}
	return refs, nil
}

// submit sends one PDU: AT+CMGS=<length>, the prompt, the PDU and Ctrl-Z,
// then +CMGS: <mr> and OK.
func (m *Modem) submit(ctx context.Context, p PDU) (int, error) {
	cmd := fmt.Sprintf("AT+CMGS=%d", p.Length)
	m.drain()
	if _, err := io.WriteString(m.w, cmd+"\r"); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrClosed, err)
	}
	if _, err := m.await(ctx, cmd, m.opt.Timeout, true); err != nil {
		if errors.Is(err, ErrNoAnswer) || errors.Is(err, ctx.Err()) {
			io.WriteString(m.w, "\x1b") // ESC leaves the prompt without sending
		}
		return 0, err
	}
	if _, err := io.WriteString(m.w, p.Hex+"\x1a"); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrClosed, err)
	}
	info, err := m.await(ctx, cmd, m.opt.SendTimeout, false)
	if err != nil {
		return 0, err
	}
	return ParseCMGS(infoValue(info, "+CMGS"))
}

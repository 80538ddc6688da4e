// Package gsmsim is a GSM modem simulator: it answers the AT commands
// package gsm sends, on a pseudo-terminal or an in-memory line, decodes
// the SMS-SUBMIT PDUs it receives and reassembles concatenated parts, so
// tests and the demo's /sim/ page see the messages as a phone would show
// them. Faults can be injected: no SIM, a +CMS ERROR for every send, or
// silence (a modem that does not answer).
//
// Caveat: it speaks the subset gsm uses (AT, ATE, AT+CMEE, AT+CPIN?,
// AT+CSQ, AT+CMGF, AT+CMGS in PDU mode); anything else is ERROR.
package gsmsim

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"halld/device/gsm"
)

// Faults are what a person or a test does to the simulated modem.
type Faults struct {
	NoSIM    bool `json:"no_sim"`    // AT+CPIN? → +CME ERROR: 10, sends → +CMS ERROR: 310
	CMSError int  `json:"cms_error"` // > 0: every PDU is refused with this code (e.g. 500)
	Silent   bool `json:"silent"`    // answers nothing at all
}

// Received is a message the simulated network delivered.
type Received struct {
	At    time.Time `json:"at"`
	To    string    `json:"to"`
	Text  string    `json:"text"`
	Parts int       `json:"parts"` // 1, or the concatenated parts
	UCS2  bool      `json:"ucs2"`
	SMSC  string    `json:"smsc,omitempty"`
}

// keep is how many delivered messages the simulator remembers.
const keep = 50

// Modem is one simulated modem. Its methods are safe for concurrent use.
type Modem struct {
	now func() time.Time

	mu       sync.Mutex
	faults   Faults
	echo     bool
	pdu      bool
	mr       int
	msgs     []Received
	partial  map[string][]string // to|ref|parts → texts by seq
	commands []string
}

// New returns a modem that is echoing, in text mode, with a SIM, as after
// power-on. now stamps the messages (nil: time.Now).
func New(now func() time.Time) *Modem {
	if now == nil {
		now = time.Now
	}
	return &Modem{now: now, echo: true, partial: map[string][]string{}}
}

// SetFaults replaces the injected faults.
func (m *Modem) SetFaults(f Faults) {
	m.mu.Lock()
	m.faults = f
	m.mu.Unlock()
}

// Faults returns the injected faults.
func (m *Modem) Faults() Faults {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.faults
}

// Messages returns the delivered messages, oldest first.
func (m *Modem) Messages() []Received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Received(nil), m.msgs...)
}

// Commands returns every command line received (without CR), PDUs
// excluded, for tests of the exchange.
func (m *Modem) Commands() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.commands...)
}

// Serve answers on rw until a read fails (the line closed); that error is
// returned.
func (m *Modem) Serve(rw io.ReadWriter) error {
	buf := make([]byte, 512)
	var acc []byte
	pduLen := -1 // ≥ 0: after the prompt, reading a PDU of that TPDU length
	for {
		n, err := rw.Read(buf)
		if err != nil {
			return err
		}
		m.mu.Lock()
		silent, echo := m.faults.Silent, m.echo
		m.mu.Unlock()
		if silent {
			acc, pduLen = acc[:0], -1
			continue
		}
		if echo {
			rw.Write(buf[:n])
		}
		acc = append(acc, buf[:n]...)
		for {
			if pduLen >= 0 {
				i := bytes.IndexAny(acc, "\x1a\x1b")
				if i < 0 {
					break
				}
				body, end := string(acc[:i]), acc[i]
				acc = acc[i+1:]
				if end == 0x1a {
					io.WriteString(rw, m.submit(strings.TrimSpace(body), pduLen))
				} else {
					io.WriteString(rw, "\r\nOK\r\n") // ESC: cancelled
				}
				pduLen = -1
				continue
			}
			i := bytes.IndexByte(acc, '\r')
			if i < 0 {
				break
			}
			line := strings.TrimSpace(string(acc[:i]))
			acc = acc[i+1:]
			if line == "" {
				continue
			}
			reply, wantPDU := m.command(line)
			if wantPDU >= 0 {
				pduLen = wantPDU
			}
			io.WriteString(rw, reply)
		}
	}
}

// command answers one command line; wantPDU ≥ 0 after AT+CMGS.
func (m *Modem) command(line string) (reply string, wantPDU int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.commands = append(m.commands, line)
	if len(m.commands) > 200 {
		m.commands = m.commands[len(m.commands)-200:]
	}
	const ok = "\r\nOK\r\n"
	const bad = "\r\nERROR\r\n"
	cmd := strings.ToUpper(line)
	switch {
	case cmd == "AT":
		return ok, -1
	case cmd == "ATE0" || cmd == "ATE1":
		m.echo = cmd == "ATE1"
		return ok, -1
	case strings.HasPrefix(cmd, "AT+CMEE="):
		return ok, -1
	case cmd == "AT+CPIN?":
		if m.faults.NoSIM {
			return "\r\n+CME ERROR: 10\r\n", -1 // SIM not inserted
		}
		return "\r\n+CPIN: READY\r\n" + ok, -1
	case cmd == "AT+CSQ":
		return "\r\n+CSQ: 21,0\r\n" + ok, -1
	case cmd == "AT+CMGF=0" || cmd == "AT+CMGF=1":
		m.pdu = cmd == "AT+CMGF=0"
		return ok, -1
	case strings.HasPrefix(cmd, "AT+CMGS="):
		n, err := strconv.Atoi(cmd[len("AT+CMGS="):])
		switch {
		case m.faults.NoSIM:
			return "\r\n+CMS ERROR: 310\r\n", -1 // SIM not inserted
		case !m.pdu || err != nil || n < 7 || n > 164:
			return "\r\n+CMS ERROR: 304\r\n", -1 // invalid PDU mode parameter
		}
		return "\r\n> ", n
	}
	return bad, -1
}

// submit takes a PDU sent after the prompt.
func (m *Modem) submit(hexPDU string, length int) string {
	s, err := gsm.DecodeSubmit(hexPDU, length)
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.faults.NoSIM:
		return "\r\n+CMS ERROR: 310\r\n"
	case err != nil:
		return "\r\n+CMS ERROR: 304\r\n"
	case m.faults.CMSError > 0:
		return fmt.Sprintf("\r\n+CMS ERROR: %d\r\n", m.faults.CMSError)
	}
	m.mr = (m.mr + 1) % 256
	m.deliver(s)
	return fmt.Sprintf("\r\n+CMGS: %d\r\n\r\nOK\r\n", m.mr)
}

// deliver files a part and, once all parts are in, the message.
func (m *Modem) deliver(s gsm.Submit) {
	r := Received{At: m.now(), To: s.To, Text: s.Text, Parts: 1, UCS2: s.DCS == 0x08, SMSC: s.SMSC}
	if s.Parts > 1 {
		key := fmt.Sprintf("%s|%d|%d", s.To, s.Ref, s.Parts)
		got := m.partial[key]
		if got == nil {
			got = make([]string, s.Parts)
		}
		if s.Seq < 1 || s.Seq > s.Parts {
			return
		}
		got[s.Seq-1] = s.Text
		for _, t := range got {
			if t == "" {
				m.partial[key] = got
				return
			}
		}
		delete(m.partial, key)
		r.Text, r.Parts = strings.Join(got, ""), s.Parts
	}
	m.msgs = append(m.msgs, r)
	if len(m.msgs) > keep {
		m.msgs = m.msgs[len(m.msgs)-keep:]
	}
}

// line is one end of an in-memory serial line.
type line struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func (l line) Read(b []byte) (int, error)  { return l.r.Read(b) }
func (l line) Write(b []byte) (int, error) { return l.w.Write(b) }
func (l line) Close() error {
	l.r.Close()
	return l.w.Close()
}

// Line returns the host's end of an in-memory serial line with the modem
// serving the other end, until the host end is closed.
func (m *Modem) Line() io.ReadWriteCloser {
	toHost, fromModem := io.Pipe()
	toModem, fromHost := io.Pipe()
	dev := line{toModem, fromModem}
	go func() {
		m.Serve(dev)
		dev.Close()
	}()
	return line{toHost, fromHost}
}

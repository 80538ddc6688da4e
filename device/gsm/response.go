package gsm

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is what a line from the modem is.
type Kind int

const (
	Info     Kind = iota // information text or an unsolicited code: "+CSQ: 20,99", "+CMTI: …"
	OK                   // final: OK
	Error                // final: ERROR (or NO CARRIER, BUSY…)
	CMEError             // final: +CME ERROR: <n> (equipment)
	CMSError             // final: +CMS ERROR: <n> (message service)
	Prompt               // "> ": AT+CMGS waits for the PDU
)

// Line is one parsed line from the modem.
type Line struct {
	Kind  Kind
	Name  string // Info: the "+XXX" before ": ", or "" for bare text
	Value string // Info: what follows ": " (or the whole text)
	Code  int    // CMEError/CMSError: the number; -1 when the modem gave text
	Text  string // CMEError/CMSError: the verbose text (AT+CMEE=2)
}

// Final reports whether the line ends a command.
func (l Line) Final() bool { return l.Kind != Info && l.Kind != Prompt }

// ParseLine reads one line, without its CR LF. Anything unknown is Info.
func ParseLine(s string) Line {
	s = strings.TrimRight(s, "\r\n")
	switch strings.TrimSpace(s) {
	case "OK":
		return Line{Kind: OK}
	case "ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE":
		return Line{Kind: Error, Code: -1, Text: strings.TrimSpace(s)}
	case ">":
		return Line{Kind: Prompt}
	}
	name, value, ok := strings.Cut(s, ":")
	if !ok || !strings.HasPrefix(name, "+") || strings.ContainsAny(name, " \t") && name != "+CME ERROR" && name != "+CMS ERROR" {
		return Line{Kind: Info, Value: s}
	}
	value = strings.TrimSpace(value)
	switch name {
	case "+CME ERROR", "+CMS ERROR":
		l := Line{Kind: CMEError, Code: -1}
		if name == "+CMS ERROR" {
			l.Kind = CMSError
		}
		if n, err := strconv.Atoi(value); err == nil && n >= 0 {
			l.Code = n
		} else {
			l.Text = value
		}
		return l
	}
	return Line{Kind: Info, Name: name, Value: value}
}

// Signal is AT+CSQ's answer: RSSI 0…31 (−113…−51 dBm) or 99 unknown, and
// the bit error rate class 0…7 or 99.
type Signal struct {
	RSSI int `json:"rssi"`
	BER  int `json:"ber"`
}

// Known reports whether the modem measured a signal.
func (s Signal) Known() bool { return s.RSSI != 99 }

// DBm is the RSSI in dBm (−113 + 2 × RSSI); meaningless when !Known.
func (s Signal) DBm() int { return -113 + 2*s.RSSI }

// ParseCSQ reads the value of "+CSQ: <rssi>,<ber>".
func ParseCSQ(v string) (Signal, error) {
	a, b, ok := strings.Cut(v, ",")
	rssi, err1 := strconv.Atoi(strings.TrimSpace(a))
	ber, err2 := strconv.Atoi(strings.TrimSpace(b))
	switch {
	case !ok || err1 != nil || err2 != nil:
		return Signal{}, fmt.Errorf("%w: +CSQ: %q", ErrModem, v)
	case (rssi < 0 || rssi > 31) && rssi != 99, (ber < 0 || ber > 7) && ber != 99:
		return Signal{}, fmt.Errorf("%w: +CSQ: %q out of range", ErrModem, v)
	}
	return Signal{RSSI: rssi, BER: ber}, nil
}

// ParseCMGS reads the message reference of "+CMGS: <mr>[,<scts>]".
func ParseCMGS(v string) (int, error) {
	a, _, _ := strings.Cut(v, ",")
	mr, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || mr < 0 || mr > 255 {
		return 0, fmt.Errorf("%w: +CMGS: %q", ErrModem, v)
	}
	return mr, nil
}

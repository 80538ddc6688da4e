package agent

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"halld/agent/outbox"
	"halld/equip"
	"halld/kiosk"
	"halld/queue"
)

// Link is a satellite board's connection to the hub. It is the board's
// equip.Hub: events come from the hub's stream, device states go to the
// hub, and evaluations and button presses go into the outbox, which Run
// delivers.
type Link struct {
	hub   string // base URL, e.g. http://192.168.1.10:8080
	token string
	box   *outbox.Outbox
	log   *slog.Logger
	http  *http.Client
	ws    *websocket.Dialer // the event stream's
	now   func() time.Time

	// Backoff bounds between attempts to reach the hub.
	minWait, maxWait time.Duration

	mu         sync.Mutex
	buttons    map[string]equip.Button // by id, for their kiosk's printer
	printers   map[string]kiosk.Printer
	printerIDs map[string]string // kiosk id → printer id
	papers     map[string]int
	devices    map[string]queue.DeviceState // latest state of each device
	unsent     map[string]bool
	kick       chan struct{}
	connected  bool   // the last request to the hub got an answer
	problem    string // why not, for the status page and the log
	delivered  int    // presses answered since start

	seen   atomic.Uint64 // the last event the board's stream passed on
	offset atomic.Int64  // hub clock − board clock (ns), from the hub's Date headers
}

// Now is the hub's time as the board estimates it (to a second): events
// carry the hub's times, and a board without an RTC or NTP may be hours
// off, which would keep its keypads from arming on a finish.
func (l *Link) Now() time.Time { return time.Now().Add(time.Duration(l.offset.Load())) }

// Answer is the hub's answer to a press: the engine's Delivery plus, for
// a ticket, the ESC/POS bytes to print it with.
type Answer struct {
	queue.Delivery
	Print []byte `json:"print,omitempty"`
}

// TrustRoots makes the link trust only these CAs for an https hub (the
// hall's own CA); call it before Run.
func (l *Link) TrustRoots(roots *x509.CertPool) {
	tc := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tc
	l.http = &http.Client{Timeout: l.http.Timeout, Transport: tr}
	d := *websocket.DefaultDialer
	d.TLSClientConfig = tc
	l.ws = &d
}

// NewLink returns a link to the hub at base URL with the board's token.
func NewLink(hub, token string, box *outbox.Outbox, log *slog.Logger) *Link {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Link{
		hub: strings.TrimRight(hub, "/"), token: token, box: box, log: log,
		http: &http.Client{Timeout: 10 * time.Second}, ws: websocket.DefaultDialer, now: time.Now,
		minWait: 500 * time.Millisecond, maxWait: 30 * time.Second,
		devices: map[string]queue.DeviceState{}, unsent: map[string]bool{},
		kick: make(chan struct{}, 1),
	}
}

// UseDevices tells the link the board's buttons and kiosk printers, which
// print the tickets the hub issues for button presses and its touch
// kiosks' jobs.
func (l *Link) UseDevices(cfg equip.Config, printers map[string]kiosk.Printer, papers map[string]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buttons = map[string]equip.Button{}
	for _, b := range cfg.Buttons {
		l.buttons[b.ID] = b
	}
	l.printerIDs = map[string]string{}
	for _, p := range cfg.Printers {
		l.printerIDs[p.Kiosk] = p.ID
	}
	l.printers, l.papers = printers, papers
}

// hubError is an answer from the hub that is not a success.
type hubError struct {
	Status  int
	Code    string
	Message string
}

func (e *hubError) Error() string {
	return fmt.Sprintf("hub answered %d %s: %s", e.Status, e.Code, e.Message)
}

// call sends a JSON request to the hub and decodes its answer into out.
func (l *Link) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, l.hub+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.http.Do(req)
	if err != nil {
		l.setProblem(err.Error())
		return err
	}
	defer resp.Body.Close()
	if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		l.offset.Store(int64(t.Sub(time.Now().Truncate(time.Second))))
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		l.setProblem(err.Error())
		return err
	}
	l.setProblem("")
	if resp.StatusCode/100 != 2 {
		var eb struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal(raw, &eb)
		return &hubError{Status: resp.StatusCode, Code: eb.Error.Code, Message: eb.Error.Message}
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, out)
}

func (l *Link) setProblem(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p != "" && p != l.problem {
		l.log.Warn("agent: hub unreachable", "hub", l.hub, "err", p)
	}
	if p == "" && !l.connected {
		l.log.Info("agent: hub reachable", "hub", l.hub)
	}
	l.connected, l.problem = p == "", p
}

// HallView asks the hub for the hall's state.
func (l *Link) HallView() (queue.HallView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var hv queue.HallView
	err := l.call(ctx, http.MethodGet, "/api/v1/hall", nil, &hv)
	return hv, err
}

// Ticket asks the hub for a ticket.
func (l *Link) Ticket(id string) (queue.TicketView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var v queue.TicketView
	err := l.call(ctx, http.MethodGet, "/api/v1/tickets/"+id, nil, &v)
	return v, err
}

// ReportDevice keeps d to send; Run sends the latest state of each device
// when the hub can be reached, and all of them again after a hub restart.
func (l *Link) ReportDevice(d queue.DeviceState) error {
	l.mu.Lock()
	if old, ok := l.devices[d.ID]; !ok || old.State != d.State || old.Detail != d.Detail {
		l.devices[d.ID] = d
		l.unsent[d.ID] = true
	}
	l.mu.Unlock()
	select {
	case l.kick <- struct{}{}:
	default:
	}
	return nil
}

// Evaluate puts a keypad's press in the outbox: it reaches the hub when
// the hub can be reached, exactly once.
func (l *Link) Evaluate(r queue.EvaluateRequest) (queue.TicketView, error) {
	_, err := l.box.Add(queue.Press{At: l.now(), Device: r.Device, Kind: queue.PressEvaluation, Ref: r.Ticket, Level: r.Level, Tags: r.Tags, Channel: r.Channel})
	return queue.TicketView{}, err
}

// EvaluateCase is Evaluate for the 办结 node of a case.
func (l *Link) EvaluateCase(number string, r queue.EvaluateRequest) (queue.CaseView, error) {
	r.Ticket = queue.CaseNode(number)
	_, err := l.Evaluate(r)
	return queue.CaseView{}, err
}

// errPrinterFault refuses a button press whose ticket could not be printed.
var errPrinterFault = &queue.Error{Kind: queue.ErrConflict, Code: "printer_unavailable", Message: "打印机故障，暂停取号"}

// IssueAndPrint (equip.Issuer) puts a button press in the outbox; the
// ticket is printed when the hub has issued it. A press on a kiosk whose
// printer is in a fault state is refused at once, as on the hub.
func (l *Link) IssueAndPrint(ctx context.Context, kioskID string, req queue.IssueRequest) (kiosk.Issued, error) {
	l.mu.Lock()
	p := l.printers[kioskID]
	var button string
	for id, b := range l.buttons {
		if b.Kiosk == kioskID && b.Service == req.Service {
			button = id
		}
	}
	l.mu.Unlock()
	if p != nil && p.Status().Level == kiosk.LevelFault {
		return kiosk.Issued{}, errPrinterFault
	}
	_, err := l.box.Add(queue.Press{At: l.now(), Device: button, Kind: queue.PressIssue, Service: req.Service})
	return kiosk.Issued{}, err
}

// deliver sends the outbox's presses in order until it is empty, the hub
// cannot be reached or ctx ends.
func (l *Link) deliver(ctx context.Context) (n int, err error) {
	for ctx.Err() == nil {
		p, ok, err := l.box.Next()
		if err != nil || !ok {
			return n, err
		}
		var ans Answer
		if err := l.call(ctx, http.MethodPost, "/api/v1/agent/presses", l.withPaper(p), &ans); err != nil {
			return n, err
		}
		if ans.Refused != nil {
			l.log.Info("agent: press refused by the hall", "seq", p.Seq, "kind", p.Kind, "code", ans.Refused.Code, "message", ans.Refused.Message)
		}
		if ans.Ticket != nil && len(ans.Print) > 0 {
			l.print(ctx, p, ans)
		}
		if err := l.box.Done(p.Seq); err != nil {
			return n, err
		}
		n++
		l.mu.Lock()
		l.delivered++
		l.mu.Unlock()
	}
	return n, ctx.Err()
}

// pressRequest is a press with the roll width of the printer that will
// print its ticket.
type pressRequest struct {
	queue.Press
	PaperMM int `json:"paper_mm,omitempty"`
}

func (l *Link) withPaper(p queue.Press) pressRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return pressRequest{Press: p, PaperMM: l.papers[l.buttons[p.Device].Kiosk]}
}

// print prints a ticket the hub issued for a button press. A board that
// lost power between the hub's answer and Done prints it again on restart
// (the hub issues it once).
func (l *Link) print(ctx context.Context, p queue.Press, ans Answer) {
	l.mu.Lock()
	pr := l.printers[l.buttons[p.Device].Kiosk]
	l.mu.Unlock()
	if pr == nil {
		l.log.Warn("agent: ticket issued but no printer here", "button", p.Device, "ticket", ans.Ticket.Number)
		return
	}
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := pr.Print(pctx, ans.Print); err != nil {
		l.log.Warn("agent: ticket not printed", "ticket", ans.Ticket.Number, "err", err)
		return
	}
	l.log.Info("agent: button ticket printed", "button", p.Device, "ticket", ans.Ticket.Number)
}

// sendDevices sends the device states not yet sent; all is set after the
// hub was unreachable (it may have restarted and forgotten them).
func (l *Link) sendDevices(ctx context.Context, all bool) error {
	l.mu.Lock()
	var ds []queue.DeviceState
	for id, d := range l.devices {
		if all || l.unsent[id] {
			ds = append(ds, d)
		}
	}
	l.mu.Unlock()
	for _, d := range ds {
		if err := l.call(ctx, http.MethodPost, "/api/v1/agent/devices", d, nil); err != nil {
			return err
		}
		l.mu.Lock()
		if l.devices[d.ID] == d {
			delete(l.unsent, d.ID)
		}
		l.mu.Unlock()
	}
	return nil
}

// Heartbeat is what the board tells the hub every few seconds.
type Heartbeat struct {
	Outbox   int               `json:"outbox"`             // presses waiting
	Seq      uint64            `json:"seq"`                // last event seen
	Printers map[string]string `json:"printers,omitempty"` // kiosk id → printer id, for the hub's kiosks
}

// Run delivers the outbox, sends device states and heartbeats, reconnecting
// with backoff, until ctx ends.
func (l *Link) Run(ctx context.Context, every time.Duration) {
	l.mu.Lock()
	jobs := len(l.printers) > 0
	l.mu.Unlock()
	if jobs {
		go l.pollJobs(ctx)
	}
	wait, lost := l.minWait, true
	beat := time.NewTicker(every)
	defer beat.Stop()
	for ctx.Err() == nil {
		ready := l.box.Ready() // before delivering: a press added meanwhile wakes us
		err := l.beat(ctx)
		if err == nil {
			err = l.sendDevices(ctx, lost)
		}
		if err == nil {
			var n int
			if n, err = l.deliver(ctx); err == nil && n > 0 {
				// The hub shows what is left to send: tell it now, not a heartbeat later.
				err = l.beat(ctx)
			}
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			var he *hubError
			if errors.As(err, &he) {
				l.setRefused(he)
			}
			lost = true
			// Jitter: boards that lost the hub together do not return in step.
			d := wait/2 + rand.N(wait/2+1)
			wait = min(wait*2, l.maxWait)
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
			continue
		}
		lost, wait = false, l.minWait
		select {
		case <-ctx.Done():
		case <-beat.C:
		case <-ready:
		case <-l.kick:
		}
	}
}

func (l *Link) beat(ctx context.Context) error {
	hb := Heartbeat{Outbox: l.box.Len(), Seq: l.seen.Load(), Printers: l.printerIDs}
	return l.call(ctx, http.MethodPost, "/api/v1/agent/heartbeat", hb, nil)
}

func (l *Link) setRefused(he *hubError) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := "hub refused the board's request (" + he.Code + ": " + he.Message + "); the press stays in the outbox — are board and hub the same halld version?"
	if he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden {
		p = "hub refused the board's token (" + he.Code + "): ask the admin for a new one"
	} else if he.Status >= 500 {
		p = "hub cannot take presses now (" + he.Code + ": " + he.Message + ")"
	}
	if l.problem != p {
		l.log.Error("agent: "+p, "hub", l.hub)
	}
	l.connected, l.problem = false, p
}

// Status is the link's state for the board's status page.
type Status struct {
	Hub       string `json:"hub"`
	Connected bool   `json:"connected"`
	Problem   string `json:"problem,omitempty"`
	Outbox    int    `json:"outbox"`
	Delivered int    `json:"delivered"`
	Seq       uint64 `json:"seq"` // the last hub event seen
	OutboxID  string `json:"outbox_id"`
}

// Status returns the link's state.
func (l *Link) Status() Status {
	n := l.box.Len()
	l.mu.Lock()
	defer l.mu.Unlock()
	return Status{Hub: l.hub, Connected: l.connected, Problem: l.problem, Outbox: n, Delivered: l.delivered, Seq: l.seen.Load(), OutboxID: l.box.ID()}
}

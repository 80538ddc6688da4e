package agent

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"halld/internal/httpjson"
	"halld/kiosk"
	"halld/queue"
)

// A touch kiosk is a page of the hub, but its printer may be wired to the
// kiosk cabinet's board. The hub then prints through the board's agent: a
// RemotePrinter queues the job, the agent fetches it (a long poll from the
// board, so no connection is opened towards boards) and answers once its
// printer has acknowledged it.

// jobPoll is how long the hub holds a board's fetch open when it has no
// job; below the link's HTTP timeout.
const jobPoll = 8 * time.Second

// printJob is one ticket for a board's printer.
type printJob struct {
	ID    string `json:"id"`
	Kiosk string `json:"kiosk"` // whose printer, as the board's file names it
	Job   []byte `json:"job"`   // ESC/POS bytes
	done  chan error
}

// RemotePrinter is a kiosk printer wired to a satellite board (a
// kiosk.Printer on the hub).
type RemotePrinter struct {
	h            *Hub
	board, kiosk string
}

// Printer returns the printer of kioskID wired to board.
func (h *Hub) Printer(board, kioskID string) *RemotePrinter {
	return &RemotePrinter{h: h, board: board, kiosk: kioskID}
}

// errPrintFailed is a job the board answered with a failure.
var errPrintFailed = errors.New("agent: the board's printer did not print")

// Print sends the job to the board and waits for its printer's answer.
func (p *RemotePrinter) Print(ctx context.Context, job []byte) error {
	b := make([]byte, 8)
	rand.Read(b)
	j := &printJob{ID: hex.EncodeToString(b), Kiosk: p.kiosk, Job: job, done: make(chan error, 1)}
	h := p.h
	h.mu.Lock()
	h.inFlight[j.ID] = j
	q := h.jobQueue(p.board)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.inFlight, j.ID)
		h.mu.Unlock()
	}()
	select {
	case q <- j:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Status is the printer's state as the board last reported it; a board
// that is not online is a fault, so the kiosk issues nothing it cannot
// print.
func (p *RemotePrinter) Status() kiosk.PrinterStatus {
	p.h.mu.Lock()
	b := p.h.boards[p.board]
	online, id := b != nil && b.Online, ""
	if b != nil {
		id = p.board + "/" + b.printers[p.kiosk] // the board's printer id, from its heartbeat
	}
	p.h.mu.Unlock()
	if !online {
		return kiosk.PrinterStatus{Level: kiosk.LevelFault, Code: "board_offline", Message: "取号机设备板未连接"}
	}
	for _, d := range p.h.e.Devices() {
		if d.Kind == "printer" && d.ID == id {
			if d.State == queue.DeviceOK {
				return kiosk.StatusFor(kiosk.CodeReady)
			}
			return kiosk.StatusFor(d.State)
		}
	}
	return kiosk.StatusFor(kiosk.CodeUnknown)
}

// jobQueue returns board's queue of jobs; call with h.mu held.
func (h *Hub) jobQueue(board string) chan *printJob {
	q := h.jobs[board]
	if q == nil {
		q = make(chan *printJob, 16)
		h.jobs[board] = q
	}
	return q
}

// nextJob answers a board's fetch with its next job, or 204 after jobPoll.
func (h *Hub) nextJob(w http.ResponseWriter, r *http.Request) {
	board, err := h.e.AgentBoard(httpjson.Bearer(r))
	if err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	h.mu.Lock()
	q := h.jobQueue(board)
	h.mu.Unlock()
	t := time.NewTimer(jobPoll)
	defer t.Stop()
	for {
		select {
		case j := <-q:
			h.mu.Lock()
			waiting := h.inFlight[j.ID] != nil
			h.mu.Unlock()
			if !waiting { // the kiosk gave up on it: printing it now would be a stray ticket
				continue
			}
			httpjson.WriteJSON(w, http.StatusOK, j)
		case <-t.C:
			w.WriteHeader(http.StatusNoContent)
		case <-h.stopped:
			w.WriteHeader(http.StatusNoContent)
		case <-r.Context().Done():
		}
		return
	}
}

// jobDone takes a board's answer to a job.
func (h *Hub) jobDone(w http.ResponseWriter, r *http.Request) {
	var res struct {
		Error string `json:"error"`
	}
	if !httpjson.Decode(w, r, &res) {
		return
	}
	if _, err := h.e.AgentBoard(httpjson.Bearer(r)); err != nil {
		httpjson.Fail(w, r, h.log, err)
		return
	}
	h.mu.Lock()
	j := h.inFlight[r.PathValue("id")]
	h.mu.Unlock()
	if j != nil {
		var err error
		if res.Error != "" {
			err = errors.Join(errPrintFailed, errors.New(res.Error))
		}
		j.done <- err
	}
	w.WriteHeader(http.StatusNoContent)
}

// pollJobs fetches and prints the hub's jobs for this board's printers
// until ctx ends.
func (l *Link) pollJobs(ctx context.Context) {
	wait := l.minWait
	for ctx.Err() == nil {
		var j printJob
		err := l.call(ctx, http.MethodGet, "/api/v1/agent/jobs", nil, &j)
		if err != nil || j.ID == "" {
			if err != nil {
				select {
				case <-ctx.Done():
				case <-time.After(wait):
				}
				wait = min(wait*2, l.maxWait)
			}
			continue
		}
		wait = l.minWait
		l.mu.Lock()
		p := l.printers[j.Kiosk]
		l.mu.Unlock()
		res := map[string]string{"error": ""}
		if p == nil {
			res["error"] = "no printer for kiosk " + j.Kiosk + " on this board"
		} else {
			pctx, cancel := context.WithTimeout(ctx, 25*time.Second)
			if err := p.Print(pctx, j.Job); err != nil {
				res["error"] = err.Error()
			}
			cancel()
		}
		if err := l.call(ctx, http.MethodPost, "/api/v1/agent/jobs/"+j.ID, res, nil); err != nil {
			l.log.Warn("agent: print answer lost", "job", j.ID, "err", err)
		}
	}
}

package printer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"halld/device/escpos"
	"halld/device/gbk"
)

// Result describes a printed job.
type Result struct {
	Bytes        int           // job bytes sent, without the appended GS r 1
	PaperNearEnd bool          // from the GS r 1 reply
	Took         time.Duration // from write to acknowledgement
}

type jobReq struct {
	ctx   context.Context
	data  []byte
	tag   string
	reply chan jobResult
}

// owedJob is a job given up on whose acknowledgements may still come.
type owedJob struct {
	tag  string
	acks int
}

type jobResult struct {
	res Result
	err error
}

// Printer drives one printer. Create it with New, start Run in a goroutine,
// then call Print from any goroutine.
type Printer struct {
	open    Opener
	cfg     Config
	log     *slog.Logger
	jobs    chan *jobReq
	changes chan State
	snap    atomic.Pointer[State]
	started atomic.Bool
	done    chan struct{}

	// Owned by the Run goroutine.
	st   State
	link *link
	owed []owedJob // jobs given up on, oldest first: their GS r replies come first
	owe  int       // GS r replies the job in hand still waits for
	ack  byte      // the last of them
}

// New returns a Printer that reaches the device through open (see
// Config.Opener; tests pass a simulator). log may be nil.
func New(open Opener, cfg Config, log *slog.Logger) *Printer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Printer{
		open:    open,
		cfg:     cfg.withDefaults(),
		log:     log,
		jobs:    make(chan *jobReq),
		changes: make(chan State, 16),
		done:    make(chan struct{}),
	}
	p.snap.Store(&State{})
	return p
}

// State returns the latest known state.
func (p *Printer) State() State { return *p.snap.Load() }

// Changes delivers every state change. It keeps the 16 most recent: a slow
// reader misses old changes, never the latest.
func (p *Printer) Changes() <-chan State { return p.changes }

// Print sends job (ESC/POS bytes, e.g. from escpos.Builder) followed by
// GS r 1 and returns once the printer has acknowledged it. While the printer
// is in a fault state it returns at once with the fault's sentinel error.
func (p *Printer) Print(ctx context.Context, job []byte) (Result, error) {
	return p.PrintTagged(ctx, "", job)
}

// PrintTagged is Print for a job named by tag (a ticket number): if the
// driver gives up waiting for its acknowledgement and the printer sends it
// later (paper reloaded, cover closed: the held job printed after all),
// Config.OnLate is called with tag.
func (p *Printer) PrintTagged(ctx context.Context, tag string, job []byte) (Result, error) {
	if len(job) == 0 {
		return Result{}, ErrEmptyJob
	}
	if c := p.State().Condition; c != Unknown && !c.CanPrint() {
		return Result{}, fmt.Errorf("printer: job refused (%v): %w", c, c.Err())
	}
	req := &jobReq{ctx: ctx, data: job, tag: tag, reply: make(chan jobResult, 1)}
	select {
	case p.jobs <- req:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-p.done:
		return Result{}, ErrClosed
	}
	r := <-req.reply // the owner always answers a job it took
	return r.res, r.err
}

// Run owns the printer until ctx ends: it opens the transport (again and
// again if it is missing), polls status, and prints jobs. It returns nil
// when ctx ends, or ErrClosed if called twice.
func (p *Printer) Run(ctx context.Context) error {
	if !p.started.CompareAndSwap(false, true) {
		return ErrClosed
	}
	defer close(p.done)
	defer p.drop()
	for {
		if p.link == nil {
			p.connect()
		}
		interval := p.cfg.ReopenInterval
		if p.link != nil {
			p.poll(ctx)
			interval = p.cfg.PollInterval
		}
		if !p.serve(ctx, interval) {
			return nil
		}
	}
}

// serve handles jobs and unsolicited bytes for d; false when ctx ended.
func (p *Printer) serve(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		var rx chan []byte
		var errc chan error
		if p.link != nil {
			rx, errc = p.link.rx, p.link.errc
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case j := <-p.jobs:
			res, err := p.job(ctx, j)
			j.reply <- jobResult{res, err}
			if p.link == nil {
				return true // reconnect now
			}
		case b := <-rx:
			p.link.queue = p.link.parser.Parse(p.link.queue, b)
			for _, r := range p.link.queue {
				p.other(r)
			}
			p.link.queue = p.link.queue[:0]
		case err := <-errc:
			p.lost(err)
			return true
		}
	}
}

func (p *Printer) connect() {
	c, err := p.open()
	if err != nil {
		p.set(Unplugged, escpos.Status{}, fmt.Errorf("%w: open: %w", ErrUnplugged, err))
		return
	}
	p.link = startLink(c)
	p.forget() // a reopened device starts with nothing owed
	p.log.Info("printer: transport open")
}

// drop closes the transport if open.
func (p *Printer) drop() {
	if p.link != nil {
		p.link.close()
		p.link = nil
	}
}

// lost gives up a failed transport and returns the error for the caller.
func (p *Printer) lost(cause error) error {
	p.drop()
	err := fmt.Errorf("%w: %w", ErrUnplugged, cause)
	p.set(Unplugged, escpos.Status{}, err)
	return err
}

// set records a new state and publishes it if something changed.
func (p *Printer) set(c Condition, s escpos.Status, err error) {
	old := p.st
	p.st.Status, p.st.Err = s, err
	if c != old.Condition {
		p.st.Condition, p.st.Since = c, p.cfg.Now()
	}
	st := p.st
	p.snap.Store(&st)
	if c == old.Condition && s == old.Status {
		return
	}
	p.log.Info("printer: state", "condition", c.String(), "was", old.Condition.String(), "err", err)
	select {
	case p.changes <- st:
	default: // full: drop the oldest, keep the latest
		select {
		case <-p.changes:
		default:
		}
		p.changes <- st
	}
}

// noteErr records a job error in the state without a state change.
func (p *Printer) noteErr(err error) {
	p.st.Err = err
	st := p.st
	p.snap.Store(&st)
}

// other handles a reply that nobody is waiting for.
func (p *Printer) other(r escpos.Reply) {
	switch r.Kind {
	case escpos.KindASB:
		s := escpos.StatusFromASB(r.ASB)
		c := conditionOf(s)
		p.set(c, s, c.Err())
	case escpos.KindInSequence:
		switch {
		case len(p.owed) > 0:
			j := &p.owed[0]
			if j.acks--; j.acks > 0 {
				return
			}
			p.owed = p.owed[1:]
			p.publishOwed()
			p.log.Info("printer: late acknowledgement: an abandoned job printed", "job", j.tag, "byte", r.Byte)
			if p.cfg.OnLate != nil && j.tag != "" {
				p.cfg.OnLate(j.tag)
			}
		case p.owe > 0:
			p.owe--
			p.ack = r.Byte
		default:
			p.log.Warn("printer: unexpected in-sequence reply", "byte", r.Byte)
		}
	default:
		// Unsolicited DLE EOT replies (10 04 n inside QR or image data),
		// flow control and noise.
		p.log.Debug("printer: unsolicited byte", "kind", r.Kind.String(), "byte", r.Byte)
	}
}

// await returns the next reply accepted by ok, handing others to other.
func (p *Printer) await(ctx context.Context, deadline <-chan time.Time, ok func(escpos.Reply) bool) (escpos.Reply, error) {
	l := p.link
	for {
		for len(l.queue) > 0 {
			r := l.queue[0]
			l.queue = l.queue[1:]
			if ok(r) {
				return r, nil
			}
			p.other(r)
		}
		select {
		case b := <-l.rx:
			l.queue = l.parser.Parse(l.queue, b)
		case err := <-l.errc:
			return escpos.Reply{}, p.lost(err)
		case <-deadline:
			return escpos.Reply{}, ErrTimeout
		case <-ctx.Done():
			return escpos.Reply{}, ctx.Err()
		}
	}
}

// write sends b with the write timeout; a failed or stuck write loses the
// transport.
func (p *Printer) write(b []byte) error {
	timedOut, err := p.link.write(b, p.cfg.WriteTimeout)
	switch {
	case timedOut:
		p.lost(fmt.Errorf("write of %d bytes timed out", len(b)))
		return fmt.Errorf("%w: write of %d bytes after %v", ErrTimeout, len(b), p.cfg.WriteTimeout)
	case err != nil:
		return p.lost(err)
	}
	return nil
}

// poll asks DLE EOT 1–4 and updates the state.
func (p *Printer) poll(ctx context.Context) {
	var s escpos.Status
	for n := 1; n <= 4; n++ {
		if p.link == nil {
			return
		}
		if err := p.write(escpos.StatusRequestBytes(n)); err != nil {
			return
		}
		t := time.NewTimer(p.cfg.StatusTimeout)
		r, err := p.await(ctx, t.C, func(r escpos.Reply) bool { return r.Kind == escpos.KindStatus })
		t.Stop()
		switch {
		case errors.Is(err, ErrTimeout):
			// Silent: powered off or cable out. Whatever it held is lost.
			p.forget()
			p.set(Offline, escpos.Status{}, fmt.Errorf("%w: no reply to DLE EOT %d within %v", ErrOffline, n, p.cfg.StatusTimeout))
			return
		case err != nil:
			return // transport lost (state set) or shutting down
		}
		s.Apply(n, r.Byte) // cannot fail: the reply was classified as status
	}
	c := conditionOf(s)
	p.set(c, s, c.Err())
}

// job prints one job on the owner goroutine.
func (p *Printer) job(runCtx context.Context, j *jobReq) (Result, error) {
	ctx, cancel := context.WithCancel(j.ctx)
	defer cancel()
	defer context.AfterFunc(runCtx, cancel)()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if p.link != nil {
		p.poll(ctx) // the last poll may be seconds old
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if p.link == nil || !p.st.Condition.CanPrint() {
		return Result{}, fmt.Errorf("printer: job refused (%v): %w", p.st.Condition, p.st.Condition.Err())
	}
	// A job may carry its own GS r requests: wait for all of them.
	acks := 1
	for _, e := range escpos.Decode(gbk.GBK, j.data).Elements {
		if a, ok := e.(escpos.AckRequest); ok && (a.N == 1 || a.N == 49) {
			acks++
		}
	}
	start := time.Now()
	p.owe = acks
	p.setPending(p.cfg.Now())
	defer p.setPending(time.Time{})
	if err := p.write(append(append([]byte(nil), j.data...), escpos.AckRequestBytes...)); err != nil {
		p.owe = 0
		p.noteErr(err)
		return Result{}, fmt.Errorf("%w: %w", ErrNoAck, err)
	}
	if err := p.awaitAcks(ctx); err != nil {
		if p.owe > 0 && p.link != nil && p.st.Condition != Offline {
			// They may still come: do not take them for the next job's.
			p.owed = append(p.owed, owedJob{tag: j.tag, acks: p.owe})
			p.publishOwed()
		}
		p.owe = 0
		return Result{}, p.noAck(ctx, err)
	}
	near, _ := escpos.AckPaper(p.ack)
	p.log.Info("printer: job printed", "bytes", len(j.data), "took", time.Since(start))
	return Result{Bytes: len(j.data), PaperNearEnd: near, Took: time.Since(start)}, nil
}

// awaitAcks waits until the job in hand has all its acknowledgements,
// polling status meanwhile (DLE EOT is answered even while a job is held):
// it gives up at the acknowledgement timeout, or as soon as a poll finds a
// fault — the printer then holds the job, and says so.
func (p *Printer) awaitAcks(ctx context.Context) error {
	deadline := time.NewTimer(p.cfg.AckTimeout)
	defer deadline.Stop()
	tick := time.NewTicker(p.cfg.PollInterval)
	defer tick.Stop()
	for {
		l := p.link
		if l == nil {
			return ErrUnplugged
		}
		for len(l.queue) > 0 {
			r := l.queue[0]
			l.queue = l.queue[1:]
			p.other(r)
		}
		if p.owe == 0 {
			return nil
		}
		select {
		case b := <-l.rx:
			l.queue = l.parser.Parse(l.queue, b)
		case err := <-l.errc:
			return p.lost(err)
		case <-deadline.C:
			return ErrTimeout
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			p.poll(ctx)
			if p.owe == 0 {
				return nil
			}
			if c := p.st.Condition; c != Unknown && !c.CanPrint() {
				return c.Err()
			}
		}
	}
}

// forget drops the jobs given up on: the printer lost them (power, cable).
func (p *Printer) forget() {
	if len(p.owed) > 0 {
		p.log.Warn("printer: abandoned jobs lost", "jobs", len(p.owed))
	}
	p.owed = nil
	p.publishOwed()
}

// publishOwed updates the state's count of jobs given up on.
func (p *Printer) publishOwed() {
	p.st.Unacked = len(p.owed)
	st := p.st
	p.snap.Store(&st)
}

// setPending records when the job in hand was sent (zero: none).
func (p *Printer) setPending(t time.Time) {
	p.st.Pending = t
	st := p.st
	p.snap.Store(&st)
}

// noAck builds the error for a job whose acknowledgement did not come,
// naming the fault found by a fresh poll if there is one.
func (p *Printer) noAck(ctx context.Context, err error) error {
	if errors.Is(err, ErrTimeout) {
		err = fmt.Errorf("%w after %v", ErrTimeout, p.cfg.AckTimeout)
		if p.link != nil && ctx.Err() == nil {
			p.poll(ctx)
		}
		if cause := p.st.Condition.Err(); cause != nil {
			err = fmt.Errorf("%w: %w", err, cause)
		}
	}
	err = fmt.Errorf("%w: %w", ErrNoAck, err)
	p.noteErr(err)
	return err
}

package uplink

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"halld/hallnet"
	"halld/queue"
)

// Sentinels of the link's failures, wrapped with context in LastError.
var (
	// ErrDiverged: the hall's stream holds events after the hall's own last
	// one; publishing would conflict with them.
	ErrDiverged = errors.New("uplink: the centre holds events this hall's log does not")
	// ErrRefused: the centre refused the credential, a permission, or knows
	// no stream for this hall.
	ErrRefused = errors.New("uplink: refused by the centre")
)

// Options tune a Link; the zero value is what halld runs with.
type Options struct {
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the wait between connection
	// attempts (default 1 s and 15 s: with 1 min, 50 halls took up to
	// 28 s after a 30 s outage to come back; 200 halls retrying every
	// 15 s are nothing to the server).
	MinBackoff, MaxBackoff time.Duration
	// LiveEvery is the most often the live record is written (default
	// 2 s); Heartbeat the longest it goes unwritten (default 30 s).
	LiveEvery, Heartbeat time.Duration
	// Rand draws the backoff's jitter; nil means math/rand.
	Rand func() float64
	// Now is the clock of status times and the live record; nil is time.Now.
	Now func() time.Time
	// OpenAlerts counts the hall's open 超时预警 alerts for the live
	// record; nil leaves the record's open_alerts out.
	OpenAlerts func() int
}

// Link publishes a hall's events to its centre and applies what the centre
// shares. Create it with New and run it with Run.
type Link struct {
	cfg    Config
	e      *queue.Engine
	log    *slog.Logger
	opt    Options
	filter Filter

	mu     sync.Mutex
	status Status
	shared *sharedState
}

// New returns a link for the engine's hall; cfg must be valid.
func New(e *queue.Engine, cfg Config, opt Options) (*Link, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = time.Second
	}
	if opt.MaxBackoff < opt.MinBackoff {
		opt.MaxBackoff = max(15*time.Second, opt.MinBackoff)
	}
	if opt.LiveEvery <= 0 {
		opt.LiveEvery = 2 * time.Second
	}
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = 30 * time.Second
	}
	if opt.Rand == nil {
		opt.Rand = rand.Float64
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	l := &Link{cfg: cfg, e: e, log: opt.Logger.With("centre", cfg.Hall), opt: opt,
		filter: Filter{Reasons: e.Hall().Policy.PauseReasons}, shared: newSharedState(cfg.Hall)}
	l.status = Status{State: StateConnecting, Since: opt.Now()}
	return l, nil
}

// Status returns the link's state now.
func (l *Link) Status() Status {
	l.mu.Lock()
	s := l.status
	s.Shared = l.shared.results()
	l.mu.Unlock()
	s.Seq = l.e.Stats().Seq
	if s.Seq > s.Published {
		s.Lag = s.Seq - s.Published
	}
	return s
}

// setState records a state change; the engine records it as a device
// event only when state or error changed, so a link that keeps failing
// the same way writes nothing new.
func (l *Link) setState(state string, err error) {
	l.mu.Lock()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	if l.status.State != state {
		l.status.Since = l.opt.Now()
	}
	l.status.State, l.status.LastError = state, msg
	l.mu.Unlock()
	l.report()
}

// report records the link's device state in the engine.
func (l *Link) report() {
	if err := l.e.ReportDevice(l.Status().Device()); err != nil && !errors.Is(err, queue.ErrClosed) {
		l.log.Warn("centre link state not recorded", "err", err)
	}
}

func (l *Link) setPublished(seq uint64) {
	l.mu.Lock()
	l.status.Published = seq
	l.mu.Unlock()
}

// Run keeps the link up until ctx ends or the engine closes. It returns
// nil then; a diverged link waits for ctx without publishing.
func (l *Link) Run(ctx context.Context) error {
	b := &backoff{min: l.opt.MinBackoff, max: l.opt.MaxBackoff, rand: l.opt.Rand}
	l.report()
	for {
		err := l.session(ctx, b)
		switch {
		case ctx.Err() != nil || errors.Is(err, queue.ErrClosed):
			return nil
		case errors.Is(err, ErrDiverged):
			l.log.Error("centre link stopped: the centre holds events this hall does not (restored from a backup?)", "err", err)
			l.setState(StateDiverged, err)
			<-ctx.Done()
			return nil
		case errors.Is(err, ErrRefused):
			l.log.Warn("centre link refused", "err", err)
			l.setState(StateRefused, err)
		default:
			l.log.Info("centre link lost, reconnecting", "err", err)
			l.setState(StateConnecting, err)
		}
		t := time.NewTimer(b.wait())
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// session is one connection: connect, resume from what the stream holds,
// publish until something fails.
func (l *Link) session(parent context.Context, b *backoff) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	err := l.connected(ctx, cancel, b)
	if parent.Err() == nil && ctx.Err() != nil {
		// The connection closed or the server refused something while a
		// request waited: that is the reason, not the cancelled wait.
		if cause := context.Cause(ctx); cause != nil {
			return cause
		}
	}
	return err
}

// connected is a session's body; cancel ends it with a cause.
func (l *Link) connected(ctx context.Context, cancel context.CancelCauseFunc, b *backoff) error {
	opts, err := l.cfg.options(func() { cancel(errors.New("connection closed")) }, func(err error) {
		// A refused publish or subscription is reported only here,
		// asynchronously; the request it belongs to would wait out its
		// timeout.
		if errors.Is(err, nats.ErrPermissionViolation) {
			cancel(fmt.Errorf("%w: %w", ErrRefused, err))
			return
		}
		l.log.Warn("centre link", "err", err)
	})
	if err != nil {
		return err
	}
	nc, err := nats.Connect(l.cfg.url(), opts...)
	if err != nil {
		return classify(fmt.Errorf("connect: %w", err))
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	stream, err := js.Stream(ctx, hallnet.StreamName(l.cfg.Hall))
	if err != nil {
		return classify(fmt.Errorf("stream %s: %w", hallnet.StreamName(l.cfg.Hall), err))
	}
	subjSeq, last, err := l.resume(ctx, stream)
	if err != nil {
		return err
	}
	l.setPublished(last)
	if own := l.e.Stats().Seq; last > own {
		return fmt.Errorf("%w: its stream ends at event %d, this hall's log at %d", ErrDiverged, last, own)
	}
	l.setState(StateConnected, nil)
	b.reset()
	l.log.Info("centre link up", "resume_after", last)

	side, sideCtx := newGroup(ctx)
	side.Go(func() error { return l.keepLive(sideCtx, js) })
	side.Go(func() error { return l.watchShared(sideCtx, js) })
	err = l.publish(sideCtx, js, subjSeq, last)
	side.Stop()
	if serr := side.Err(); serr != nil && errorsIsCanceled(err) {
		err = serr
	}
	return err
}

// resume reads the last batch the stream holds on the hall's subject: its
// stream sequence (for Nats-Expected-Last-Subject-Sequence) and the last
// event it carries. An empty subject resumes from the start.
func (l *Link) resume(ctx context.Context, stream jetstream.Stream) (subjSeq, last uint64, err error) {
	msg, err := stream.GetLastMsgForSubject(ctx, hallnet.EventsSubject(l.cfg.Hall))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, classify(fmt.Errorf("read the stream's last batch: %w", err))
	}
	last, err = strconv.ParseUint(msg.Header.Get(hallnet.HeaderLast), 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: the stream's last batch (stream seq %d) has %s %q", ErrDiverged, msg.Sequence, hallnet.HeaderLast, msg.Header.Get(hallnet.HeaderLast))
	}
	return msg.Sequence, last, nil
}

// publish sends the log after last, batch by batch, each expected to
// follow the subject's message subjSeq; it waits for new events when it
// has sent everything.
func (l *Link) publish(ctx context.Context, js jetstream.JetStream, subjSeq, last uint64) error {
	subject := hallnet.EventsSubject(l.cfg.Hall)
	for {
		evs, err := l.e.ReadEvents(last, hallnet.MaxBatchEvents)
		if err != nil {
			return fmt.Errorf("read the hall's log after %d: %w", last, err)
		}
		if len(evs) == 0 {
			if err := l.waitAfter(ctx, last); err != nil {
				return err
			}
			continue
		}
		batch, err := l.batch(evs)
		if err != nil {
			return err
		}
		msg := nats.NewMsg(subject)
		for k, v := range batch.Headers() {
			msg.Header.Set(k, v)
		}
		msg.Header.Set(jetstream.MsgIDHeader, hallnet.MsgID(l.cfg.Hall, batch.First, batch.Last))
		msg.Header.Set(jetstream.ExpectedLastSubjSeqHeader, strconv.FormatUint(subjSeq, 10))
		msg.Data = batch.Encode()
		ack, err := js.PublishMsg(ctx, msg)
		if err != nil {
			return classify(fmt.Errorf("publish events %d-%d: %w", batch.First, batch.Last, err))
		}
		if ack.Duplicate {
			// Stored before under this id: the read at resume did not
			// see it, so the stream is not what we think. Read again.
			return fmt.Errorf("publish events %d-%d: the stream already holds them (seq %d)", batch.First, batch.Last, ack.Sequence)
		}
		subjSeq, last = ack.Sequence, batch.Last
		l.setPublished(last)
	}
}

// batch takes the longest run of evs within the batch limits (at least
// one event), filtered.
func (l *Link) batch(evs []queue.Event) (hallnet.Batch, error) {
	b := hallnet.Batch{First: evs[0].Seq}
	size := 0
	for _, ev := range evs {
		data, err := l.filter.Event(ev)
		if err != nil {
			return b, err
		}
		if len(b.Events) > 0 && (len(b.Events) == hallnet.MaxBatchEvents || size+1+len(data) > hallnet.MaxBatchBytes) {
			break
		}
		b.Events = append(b.Events, data)
		b.Last = ev.Seq
		size += len(data) + 1
	}
	return b, nil
}

// waitAfter returns when an event after seq is committed.
func (l *Link) waitAfter(ctx context.Context, seq uint64) error {
	sub := l.e.Subscribe(seq)
	defer sub.Close()
	_, err := sub.Next(ctx)
	return err
}

// classify marks the refusals that no retry will mend by itself.
func classify(err error) error {
	switch {
	case errors.Is(err, nats.ErrAuthorization), errors.Is(err, nats.ErrAuthExpired), errors.Is(err, nats.ErrAuthRevoked),
		errors.Is(err, nats.ErrPermissionViolation), errors.Is(err, jetstream.ErrStreamNotFound):
		return fmt.Errorf("%w: %w", ErrRefused, err)
	}
	return err
}

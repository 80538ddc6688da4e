package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"halld/centre/provision"
	"halld/centre/store"
	"halld/hallnet"
)

// Options tune the ingest; zero values take the defaults.
type Options struct {
	Fetch    int           // messages per fetch (default 64)
	MaxWait  time.Duration // a fetch's longest wait for messages (default 2 s)
	Backoff  time.Duration // redelivery delay of a refused batch (default 30 s)
	Rescan   time.Duration // how often the hall list is reread (default 10 s)
	Replicas int           // of the streams the ingest creates if missing
	MaxAge   time.Duration // of those streams
}

// Ingest runs the consumers of every registered hall.
type Ingest struct {
	js  jetstream.JetStream
	st  *store.Store
	log *slog.Logger
	o   Options

	mu      sync.Mutex
	running map[string]context.CancelFunc
	status  map[string]Status
	live    map[string]hallnet.Live
}

// Status is a hall's ingest state, for the page.
type Status struct {
	Cursor  uint64    `json:"cursor"`          // last event stored
	Pending uint64    `json:"pending"`         // messages in the stream not yet acked
	Error   string    `json:"error,omitempty"` // why the hall's ingest is stuck
	At      time.Time `json:"at"`              // of the last change
}

// New makes an ingest over a JetStream context and the store.
func New(js jetstream.JetStream, st *store.Store, log *slog.Logger, o Options) *Ingest {
	if o.Fetch <= 0 {
		o.Fetch = 64
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 2 * time.Second
	}
	if o.Backoff <= 0 {
		o.Backoff = 30 * time.Second
	}
	if o.Rescan <= 0 {
		o.Rescan = 10 * time.Second
	}
	return &Ingest{js: js, st: st, log: log, o: o,
		running: map[string]context.CancelFunc{}, status: map[string]Status{}, live: map[string]hallnet.Live{}}
}

// Run consumes until ctx ends: it starts a consumer per registered hall,
// stops those of revoked halls and watches the live bucket.
func (in *Ingest) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		in.watchLive(ctx)
	}()
	tick := time.NewTicker(in.o.Rescan)
	defer tick.Stop()
	for {
		if err := in.scan(ctx, &wg); err != nil && ctx.Err() == nil {
			in.log.Warn("centre: hall list", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// scan starts and stops consumers to match the registered halls.
func (in *Ingest) scan(ctx context.Context, wg *sync.WaitGroup) error {
	halls, err := in.st.Halls(ctx)
	if err != nil {
		return err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, h := range halls {
		cancel, running := in.running[h.ID]
		switch {
		case h.Revoked != nil && running:
			cancel()
			delete(in.running, h.ID)
		case h.Revoked == nil && !running:
			hctx, cancel := context.WithCancel(ctx)
			in.running[h.ID] = cancel
			in.status[h.ID] = Status{Cursor: h.Cursor, At: time.Now()}
			wg.Add(1)
			go func(id string) {
				defer wg.Done()
				in.consume(hctx, id)
			}(h.ID)
		}
	}
	return nil
}

// Status returns each hall's ingest state.
func (in *Ingest) Status() map[string]Status {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make(map[string]Status, len(in.status))
	for k, v := range in.status {
		out[k] = v
	}
	return out
}

func (in *Ingest) setStatus(hall string, f func(*Status)) {
	in.mu.Lock()
	s := in.status[hall]
	f(&s)
	s.At = time.Now()
	in.status[hall] = s
	in.mu.Unlock()
}

// consume runs one hall's consumer until ctx ends, retrying after errors.
func (in *Ingest) consume(ctx context.Context, hall string) {
	for ctx.Err() == nil {
		err := in.consumeOnce(ctx, hall)
		if err == nil || ctx.Err() != nil {
			return
		}
		in.log.Warn("centre: hall ingest", "hall", hall, "err", err)
		in.setStatus(hall, func(s *Status) { s.Error = err.Error() })
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// Consumer returns the config of a hall's durable consumer.
func Consumer(hall string, ackWait time.Duration) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       hallnet.ConsumerName,
		Description:   "halld centre ingest",
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: hallnet.EventsSubject(hall),
		AckWait:       ackWait,
		MaxAckPending: 1000,
		MaxDeliver:    -1, // a refused batch is retried for ever, never dropped
	}
}

func (in *Ingest) consumeOnce(ctx context.Context, hall string) error {
	stream, err := in.js.Stream(ctx, hallnet.StreamName(hall))
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		if err := provision.EnsureStream(ctx, in.js, hall, in.o.Replicas, in.o.MaxAge); err != nil {
			return err
		}
		stream, err = in.js.Stream(ctx, hallnet.StreamName(hall))
	}
	if err != nil {
		return fmt.Errorf("stream: %w", err)
	}
	cons, err := stream.CreateOrUpdateConsumer(ctx, Consumer(hall, 30*time.Second))
	if err != nil {
		return fmt.Errorf("consumer: %w", err)
	}
	for ctx.Err() == nil {
		if err := in.fetch(ctx, hall, cons); err != nil {
			return err
		}
	}
	return nil
}

// fetch stores one fetch's messages in order. A refused one (a gap, a bad
// batch) is nakked to come again after Backoff and the rest are still
// tried: the store keeps the order (a batch past a gap is refused too) and
// drops what it holds, so the batch filling a gap is stored as soon as it
// arrives and the refused ones follow at their redelivery.
func (in *Ingest) fetch(ctx context.Context, hall string, cons jetstream.Consumer) error {
	// The fetch waits at most MaxWait for messages; storing them uses ctx,
	// so a slow commit is not cut short by the fetch's deadline.
	fctx, cancel := context.WithTimeout(ctx, in.o.MaxWait)
	defer cancel()
	batch, err := cons.Fetch(in.o.Fetch, jetstream.FetchContext(fctx))
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("fetch: %w", err)
	}
	for msg := range batch.Messages() {
		if ctx.Err() != nil {
			continue // unacked: redelivered to the next centre
		}
		if err := in.handle(ctx, hall, msg); err != nil && ctx.Err() == nil {
			in.log.Error("centre: batch refused, retried later", "hall", hall, "err", err)
			in.setStatus(hall, func(s *Status) { s.Error = err.Error() })
			msg.NakWithDelay(in.o.Backoff)
		}
	}
	if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) &&
		!errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return fmt.Errorf("fetch: %w", err)
	}
	if info, err := cons.Info(ctx); err == nil {
		in.setStatus(hall, func(s *Status) { s.Pending = info.NumPending + uint64(info.NumAckPending) })
	}
	return nil
}

// handle stores one message and acks it after the commit.
func (in *Ingest) handle(ctx context.Context, hall string, msg jetstream.Msg) error {
	h := msg.Headers()
	b, err := hallnet.DecodeBatch(h.Get(hallnet.HeaderSchema), h.Get(hallnet.HeaderFirst), h.Get(hallnet.HeaderLast), msg.Data())
	if err != nil {
		return err
	}
	r, err := in.st.Ingest(ctx, hall, b)
	if err != nil {
		return err
	}
	if err := msg.DoubleAck(ctx); err != nil {
		// Stored: a redelivery will be acked as a duplicate.
		in.log.Warn("centre: ack", "hall", hall, "last", b.Last, "err", err)
	}
	in.setStatus(hall, func(s *Status) { s.Cursor, s.Error = r.Cursor, "" })
	return nil
}

package audio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// Speaker queues announcements and plays them one after the other. Create it
// with New and start Run in a goroutine.
type Speaker struct {
	cfg    Config
	player Player
	log    *slog.Logger
	// unavailable is set when the player program is missing: degraded mode.
	unavailable error

	mu     sync.Mutex
	closed bool
	queue  chan job
}

type job struct {
	f    Format
	pcm  []byte
	done chan error // buffered: Run never waits on a caller that left
}

// New makes a Speaker. player nil means a CommandPlayer built from
// cfg.Device and cfg.Command; if its program is not installed the Speaker is
// returned in degraded mode (see Err) rather than failing. The error is
// ErrConfig for a bad configuration. log nil discards logs.
func New(cfg Config, player Player, log *slog.Logger) (*Speaker, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Speaker{cfg: cfg, player: player, log: log, queue: make(chan job, cfg.QueueSize)}
	if player == nil {
		cp := &CommandPlayer{Device: cfg.Device, Command: cfg.Command}
		s.player = cp
		if err := cp.Check(); err != nil {
			s.unavailable = err
			log.Warn("audio: no player, announcements will not be heard", "command", cfg.Command[0], "err", err)
		}
	}
	return s, nil
}

// Err is nil when the speaker can play, or the ErrNoPlayer-wrapping reason it
// cannot (degraded mode).
func (s *Speaker) Err() error { return s.unavailable }

// Enqueue queues PCM of format f to be played after everything queued
// before it, and returns at once. It fails with ErrNoPlayer in degraded mode,
// ErrQueueFull, ErrClosed after Run has ended, or ErrBadPCM. pcm is not
// copied: do not modify it afterwards.
func (s *Speaker) Enqueue(f Format, pcm []byte) error {
	_, err := s.submit(f, pcm)
	return err
}

// Play queues PCM like Enqueue and waits until it has been played (nil) or
// has failed. If ctx ends first Play returns ctx's error; the announcement
// stays queued and is still played.
func (s *Speaker) Play(ctx context.Context, f Format, pcm []byte) error {
	done, err := s.submit(f, pcm)
	if err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Speaker) submit(f Format, pcm []byte) (chan error, error) {
	if s.unavailable != nil {
		return nil, s.unavailable
	}
	if err := f.check(pcm); err != nil {
		return nil, err
	}
	j := job{f: f, pcm: pcm, done: make(chan error, 1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	select {
	case s.queue <- j:
		return j.done, nil
	default:
		return nil, fmt.Errorf("%w (%d waiting)", ErrQueueFull, cap(s.queue))
	}
}

// Run plays queued announcements until ctx ends, then kills the one playing,
// fails the queued ones with ErrClosed and returns. Call it once.
func (s *Speaker) Run(ctx context.Context) {
	defer s.shutdown()
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-s.queue:
			if ctx.Err() != nil { // both were ready: stopping wins
				j.done <- ErrClosed
				return
			}
			j.done <- s.playOne(ctx, j)
		}
	}
}

func (s *Speaker) playOne(ctx context.Context, j job) error {
	pcm := prepare(j.f, j.pcm, s.cfg.Volume, s.cfg.Repeats, s.cfg.RepeatPause)
	limit := j.f.Duration(len(pcm)) + s.cfg.PlaySlack
	pctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	err := s.player.Play(pctx, j.f, pcm)
	switch {
	case err == nil:
		s.log.Debug("audio: played", "duration", j.f.Duration(len(pcm)))
		return nil
	case ctx.Err() != nil:
		err = fmt.Errorf("%w: %v", ErrClosed, err)
	case errors.Is(pctx.Err(), context.DeadlineExceeded):
		err = fmt.Errorf("%w after %v: %v", ErrTimeout, limit, err)
	}
	s.log.Warn("audio: announcement not played", "err", err)
	return err
}

func (s *Speaker) shutdown() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	for {
		select {
		case j := <-s.queue:
			j.done <- ErrClosed
		default:
			return
		}
	}
}

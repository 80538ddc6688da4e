// Package audiotest has a fake audio.Player for tests: it records the PCM it
// is given, in order, and can be made slow (each Play waits for a release)
// or failing. It reports how many Plays ran at the same time, to prove that
// announcements never overlap.
package audiotest

import (
	"context"
	"slices"
	"sync"

	"halld/device/audio"
)

// Call is one Play the fake received.
type Call struct {
	Format audio.Format
	PCM    []byte // a copy
}

// Player is a fake audio.Player. The zero value plays instantly and
// succeeds. Set the fields before use.
type Player struct {
	// Hold, if not nil, makes every Play wait for one value from it (a slow
	// speaker) or for its context to end, whose error it then returns.
	Hold chan struct{}
	// Started, if not nil, receives the index of every Play as it begins.
	Started chan int
	// Fail, if not nil, gives the error of the n-th Play (0-based).
	Fail func(n int) error

	mu        sync.Mutex
	calls     []Call
	active    int
	maxActive int
}

// Play records the call, then waits on Hold and returns Fail's verdict.
func (p *Player) Play(ctx context.Context, f audio.Format, pcm []byte) error {
	p.mu.Lock()
	n := len(p.calls)
	p.calls = append(p.calls, Call{Format: f, PCM: slices.Clone(pcm)})
	p.active++
	p.maxActive = max(p.maxActive, p.active)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.active--
		p.mu.Unlock()
	}()
	if p.Started != nil {
		p.Started <- n
	}
	if p.Hold != nil {
		select {
		case <-p.Hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if p.Fail != nil {
		return p.Fail(n)
	}
	return nil
}

// Calls returns the calls received so far, in order.
func (p *Player) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

// MaxConcurrent is the largest number of Plays that were running at once.
func (p *Player) MaxConcurrent() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxActive
}

// Active is the number of Plays running now.
func (p *Player) Active() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.active
}

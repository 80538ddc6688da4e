package uplink

import (
	"context"
	"errors"
	"sync"
)

// group runs a session's side tasks (live record, shared watch): the
// first to fail ends the session's context, Stop ends and waits for them.
type group struct {
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error
}

func newGroup(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &group{cancel: cancel}, ctx
}

// Go runs f; its error (not a cancellation) ends the group's context.
func (g *group) Go(f func() error) {
	g.wg.Go(func() {
		if err := f(); err != nil && !errorsIsCanceled(err) {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
			g.cancel(err)
		}
	})
}

// Stop cancels the tasks and waits for them.
func (g *group) Stop() {
	g.cancel(nil)
	g.wg.Wait()
}

// Err is the first task's failure.
func (g *group) Err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

func errorsIsCanceled(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

package idcard

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Helper errors.
var (
	// ErrHelper: the helper program could not start or it exited.
	ErrHelper = errors.New("idcard: helper program")
	// ErrHelperLine: a line of the helper's output is not a card object.
	ErrHelperLine = errors.New("idcard: helper line is not {\"id\":…}")
)

// Helper runs an external program that wraps a vendor's reader SDK. Its
// line protocol: for each card read, one line on standard output holding
// one JSON object with the number as "id"
// ({"id":"11010519491231002X","name":"…"}); other members are allowed and
// ignored, so a helper may pass its SDK's record through. Its standard
// error is discarded (it may hold personal data). The program runs until
// it exits or Run's context ends (SIGTERM, then SIGKILL after 3 s).
type Helper struct {
	Command []string // program and arguments
	// Bad, if set, hears of lines that are not card objects (never their
	// content).
	Bad func(error)
	// Up, if set, is called once the program has printed its first line
	// or run for StableAfter: a helper that exits at once never counts as
	// up, so its restarts back off.
	Up func()
	// StableAfter is how long the program must run to count as up (0 → 5 s).
	StableAfter time.Duration
}

// maxHelperLine bounds a helper's line: a record with a base64 photo is
// a few kilobytes.
const maxHelperLine = 64 << 10

// Run starts the program and calls card with each line's id until the
// program exits (an error wrapping ErrHelper, also for exit status 0: a
// helper runs for good) or ctx ends (ctx.Err()). The caller restarts it,
// with a backoff.
func (h Helper) Run(ctx context.Context, card func(number string)) error {
	if len(h.Command) == 0 || h.Command[0] == "" {
		return fmt.Errorf("%w: no command", ErrHelper)
	}
	cmd := exec.CommandContext(ctx, h.Command[0], h.Command[1:]...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 3 * time.Second
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrHelper, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: start %s: %w", ErrHelper, h.Command[0], err)
	}
	var mu sync.Mutex
	running, wasUp := true, false
	up := func() {
		mu.Lock()
		defer mu.Unlock()
		if running && !wasUp && h.Up != nil {
			wasUp = true
			h.Up()
		}
	}
	stable := h.StableAfter
	if stable <= 0 {
		stable = 5 * time.Second
	}
	timer := time.AfterFunc(stable, up)
	defer func() {
		timer.Stop()
		mu.Lock() // waits for an Up under way: none runs after Run returns
		running = false
		mu.Unlock()
	}()
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 4096), maxHelperLine)
	for sc.Scan() {
		up()
		if id, err := helperID(sc.Bytes()); err != nil {
			if h.Bad != nil {
				h.Bad(err)
			}
		} else {
			card(id)
		}
		clear(sc.Bytes())
	}
	scanErr := sc.Err()
	if scanErr != nil { // a line too long: stop reading, stop the helper
		cmd.Process.Signal(syscall.SIGTERM)
	}
	werr := cmd.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if scanErr != nil {
		return fmt.Errorf("%w: %s: reading its output: %w", ErrHelper, h.Command[0], scanErr)
	}
	if werr == nil {
		return fmt.Errorf("%w: %s exited", ErrHelper, h.Command[0])
	}
	return fmt.Errorf("%w: %s: %w", ErrHelper, h.Command[0], werr)
}

// helperID takes the id out of one line; only that member is decoded.
func helperID(line []byte) (string, error) {
	var v struct {
		ID *string `json:"id"`
	}
	if len(line) == 0 {
		return "", fmt.Errorf("%w: empty line", ErrHelperLine)
	}
	if err := json.Unmarshal(line, &v); err != nil {
		return "", fmt.Errorf("%w: not a JSON object", ErrHelperLine)
	}
	if v.ID == nil || *v.ID == "" {
		return "", fmt.Errorf("%w: no \"id\"", ErrHelperLine)
	}
	return *v.ID, nil
}

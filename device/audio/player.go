package audio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Player plays one block of PCM and returns when it has been played (or ctx
// is done, which must stop it). A Speaker calls it from one goroutine only.
type Player interface {
	Play(ctx context.Context, f Format, pcm []byte) error
}

// CommandPlayer runs a program (aplay by default) per announcement and
// writes the PCM to its stdin.
type CommandPlayer struct {
	Device  string   // substituted for {device}
	Command []string // argv template; nil means DefaultCommand
}

// Args is the argv for PCM of format f.
func (c *CommandPlayer) Args(f Format) []string {
	tmpl := c.Command
	if tmpl == nil {
		tmpl = DefaultCommand
	}
	r := strings.NewReplacer("{rate}", strconv.Itoa(f.SampleRate), "{channels}", strconv.Itoa(f.Channels), "{device}", c.Device)
	args := make([]string, 0, len(tmpl))
	for _, a := range tmpl {
		if c.Device == "" && strings.Contains(a, "{device}") {
			continue
		}
		args = append(args, r.Replace(a))
	}
	return args
}

// Check reports ErrNoPlayer when the program cannot be found.
func (c *CommandPlayer) Check() error {
	name := c.Args(Format{SampleRate: 1, Channels: 1})[0]
	if _, err := exec.LookPath(name); err != nil {
		return fmt.Errorf("%w: %v", ErrNoPlayer, err)
	}
	return nil
}

// stderrLimit bounds the player's error output kept for the error message.
const stderrLimit = 512

// Play runs the player and waits for it. A program that is not found gives
// ErrNoPlayer, a non-zero exit ErrPlayer with its stderr, and ctx ending
// kills the program.
func (c *CommandPlayer) Play(ctx context.Context, f Format, pcm []byte) error {
	if err := f.check(pcm); err != nil {
		return err
	}
	args := c.Args(f)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(pcm)
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{buf: &stderr, n: stderrLimit}
	cmd.WaitDelay = time.Second // do not hang on a killed player's pipes
	err := cmd.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %s: %v", ErrNoPlayer, args[0], err)
	case ctx.Err() != nil:
		return fmt.Errorf("%s stopped: %w", args[0], ctx.Err())
	}
	msg := strings.TrimSpace(stderr.String())
	return fmt.Errorf("%w: %s: %v: %s", ErrPlayer, strings.Join(args, " "), err, msg)
}

// limitedWriter keeps the first n bytes and discards the rest, so a chatty
// player cannot grow memory.
type limitedWriter struct {
	buf *bytes.Buffer
	n   int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if room := w.n - w.buf.Len(); room > 0 {
		w.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

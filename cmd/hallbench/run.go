package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// errViolations is returned when powercut (or load's checks) found a broken
// promise; main exits 1 for it and 2 for any other failure.
var errViolations = errors.New("violations found")

// run executes one subcommand and prints its report on out.
func run(ctx context.Context, cmd string, o options, out io.Writer) error {
	switch cmd {
	case "load":
		r, err := runLoad(ctx, o)
		if err != nil {
			return err
		}
		if err := printReport(out, o.JSON, r); err != nil {
			return err
		}
		if len(r.Violations) > 0 {
			return fmt.Errorf("load: %d %w", len(r.Violations), errViolations)
		}
		return nil
	case "network":
		r, err := runNetwork(ctx, o, out)
		if err != nil || r == nil {
			return err
		}
		if err := printReport(out, o.JSON, r); err != nil {
			return err
		}
		if len(r.Violations) > 0 {
			return fmt.Errorf("network: %d %w", len(r.Violations), errViolations)
		}
		return nil
	case "full":
		r, err := runFull(ctx, o)
		if err != nil {
			return err
		}
		return printReport(out, o.JSON, r)
	case "history":
		r, err := runHistory(ctx, o)
		if err != nil {
			return err
		}
		return printReport(out, o.JSON, r)
	case "startup":
		r, err := runStartup(ctx, o)
		if err != nil {
			return err
		}
		return printReport(out, o.JSON, r)
	case "powercut":
		r, err := runPowercut(ctx, o)
		if r != nil {
			if perr := printReport(out, o.JSON, r); perr != nil && err == nil {
				err = perr
			}
		}
		if err != nil {
			return err
		}
		if len(r.Violations) > 0 {
			return fmt.Errorf("powercut: %d %w", len(r.Violations), errViolations)
		}
		return nil
	}
	return fmt.Errorf("unknown command %q (known: load, history, startup, powercut, full)", cmd)
}

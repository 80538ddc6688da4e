package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"halld/agent"
)

// runAgent runs halld as a satellite board's device agent.
func runAgent(ctx context.Context, o options, stdout io.Writer, log *slog.Logger) error {
	if o.config == "" {
		return errors.New("-agent needs -config: the board's file (see firmware-config/examples/board-*.toml)")
	}
	c, err := agent.LoadConfig(o.config, o.agent)
	if err != nil {
		return err
	}
	return agent.Run(ctx, agent.Options{Config: c, Data: o.data, Listen: o.listen, Log: log, Stdout: stdout})
}

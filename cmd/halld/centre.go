package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"

	"github.com/nats-io/nats.go/jetstream"

	"halld/centre"
	"halld/centre/provision"
	"halld/centre/store"
)

const centreUsage = `usage:
  halld centre [-config centre.toml]                      run the centre
  halld centre init [-config centre.toml]                 write the centre's seed (if missing) and nats-server's authorization file
  halld centre hall add [-config centre.toml] ID NAME     register a hall: its credential, stream and authorization
  halld centre hall revoke [-config centre.toml] ID       revoke a hall's credential (nats-server refuses it from the reload on)
  halld centre hall list [-config centre.toml]            list the halls`

// centreCmd is `halld centre ...`: the centre its halls report to.
func centreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	verb := ""
	if len(args) > 0 && (args[0] == "init" || args[0] == "hall") {
		verb, args = args[0], args[1:]
	}
	sub := ""
	if verb == "hall" {
		if len(args) == 0 {
			return errors.New(centreUsage)
		}
		sub, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("halld centre", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "/etc/halld/centre.toml", "the centre's config file (TOML)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := centre.LoadConfig(*path)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if verb == "" {
		if fs.NArg() > 0 {
			return errors.New(centreUsage)
		}
		return centre.Run(ctx, cfg, log)
	}
	st, err := store.Open(ctx, cfg.Postgres.DSN, log)
	if err != nil {
		return err
	}
	defer st.Close()
	if verb == "init" {
		err := centre.Provisioner(cfg, st, nil, log).WriteAuth(ctx)
		if errors.Is(err, provision.ErrReload) { // first setup: the server starts with the file
			fmt.Fprintf(stdout, "authorization written to %s; nats-server not reloaded (%v)\n", cfg.NATS.AuthFile, err)
			return nil
		}
		return err
	}
	rest := fs.Args()
	switch {
	case sub == "add" && len(rest) == 2:
		var js jetstream.JetStream
		if nc, err := centre.Connect(cfg, log); err != nil {
			log.Warn("nats-server not reached: the running centre creates the hall's stream", "err", err)
		} else {
			defer nc.Close()
			js, _ = jetstream.New(nc)
		}
		seed, err := centre.Provisioner(cfg, st, js, log).Add(ctx, rest[0], rest[1])
		if seed != "" {
			fmt.Fprintf(stdout, "hall %s registered; its credential (keep it secret, give it to the hall's installer): %s\n", rest[0], seed)
		}
		return err
	case sub == "revoke" && len(rest) == 1:
		if err := centre.Provisioner(cfg, st, nil, log).Revoke(ctx, rest[0]); err != nil {
			if errors.Is(err, provision.ErrReload) {
				return fmt.Errorf("%w: hall %s is revoked in the database and the authorization file, but the server still lets it in until it reloads (nats-server --signal reload=<pid file>)", err, rest[0])
			}
			return err
		}
		fmt.Fprintf(stdout, "hall %s revoked\n", rest[0])
		return nil
	case sub == "list" && len(rest) == 0:
		halls, err := st.Halls(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tEVENTS\tSTATE")
		for _, h := range halls {
			state := "active"
			if h.Revoked != nil {
				state = "revoked " + h.Revoked.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", h.ID, h.Name, h.Cursor, state)
		}
		return tw.Flush()
	}
	return errors.New(centreUsage)
}

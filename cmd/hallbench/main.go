// Command hallbench measures halld the way the issue "measure" asks: how fast
// a call reaches every screen, how many durable operations per second one
// board sustains, how much memory it needs, how fast it starts over a year of
// history, and whether a power cut ever loses or duplicates a number.
//
//	hallbench load     [-windows 20] [-subscribers 100] [-rate 50] [-duration 10s] [-json]
//	hallbench history  -data DIR [-tickets 3000000] [-windows 40]
//	hallbench startup  -data DIR [-runs 5]
//	hallbench powercut [-cuts 200] [-json]
//	hallbench full     -history DIR [-json]   # all of the above, against the targets
//
// It drives a real halld process on 127.0.0.1 through the public HTTP and
// WebSocket API (built from this module with go build, or given with -halld,
// or -target for one already running); only history writes through the
// queue package directly, with a fake clock.
//
// Caveats: the bench and halld share the machine's cores, so every latency
// includes the bench's own scheduling; fsyncs are counted from the bbolt meta
// page's transaction id (two fdatasync per bbolt commit), because halld does
// not expose its commit counter over HTTP; RSS comes from /proc, so -target
// on another machine reports no memory figures.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: hallbench load|history|startup|powercut|full [flags]  (hallbench CMD -h for flags)")
		os.Exit(2)
	}
	var o options
	fs := flag.NewFlagSet("hallbench "+os.Args[1], flag.ExitOnError)
	o.register(fs, os.Args[1])
	fs.Parse(os.Args[2:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1], o, os.Stdout)
	if errors.Is(err, errViolations) {
		fmt.Fprintln(os.Stderr, "hallbench:", err)
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hallbench:", err)
		os.Exit(2)
	}
}

// Command halld is the hall queue appliance daemon. Without flags it runs
// the demo hall with simulated devices; see the README.
//
//	halld [-listen :8080] [-data ./halld-data] [-config hall.toml]
//	halld hash-pin        # reads a PIN on stdin, prints a pin_hash value
//	halld centre ...      # the centre halls report to (docs/centre.md)
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "halld:", err)
		os.Exit(1)
	}
}

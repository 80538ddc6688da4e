package main

import (
	"flag"
	"time"
)

// options are every subcommand's settings; register adds the flags that
// subcommand uses.
type options struct {
	Halld        string // halld binary; empty builds one from this module
	Target       string // URL of a running halld (load only)
	Config       string // hall file of -target, or of -data when it has none
	PIN          string // staff PIN for -target
	Data         string // data directory; empty = a temporary one
	JSON         bool
	Verbose      bool
	Windows      int
	Services     int
	Subs         int
	Rate         float64 // tickets per second from kiosks
	Duration     time.Duration
	Think        time.Duration // a clerk's pause between start and finish
	Backlog      int           // tickets issued before the timed run
	NoShow       float64       // share of calls that end in a no-show
	Cuts         int
	MinRun       time.Duration // powercut: shortest load before a cut
	MaxRun       time.Duration
	FullEvery    int // powercut: re-read the whole log every this many cuts
	Tickets      int
	Slot         time.Duration // history: simulated time per batch
	Runs         int
	Seed         uint64
	Profile      string        // load: write halld's CPU profile of the timed run here
	Month        string        // startup: the month whose report to time (YYYY-MM)
	Settle       time.Duration // load: pause after the logins before "idle" memory
	Cold         int           // startup: starts after dropping the page cache
	History      string        // full: a data directory written by history
	FanRate      float64       // full: tickets/s of the fan-out run
	TodayFor     time.Duration // full: how long to issue today's tickets before the starts
	SkipLogCheck bool          // load: do not replay the whole log (full's busy morning over the history)
	Halls        int           // network: halls reporting to the centre
	Listen       string        // network: the centre's page address
	Keep         bool          // network: keep the work directory
	Cut          time.Duration // network: kill nats-server this long, a third of the way in
	Cluster      bool          // network: three nats-server nodes, streams replicated three times
}

func (o *options) register(fs *flag.FlagSet, cmd string) {
	fs.StringVar(&o.Halld, "halld", "", "halld binary (default: go build ./cmd/halld into a temporary directory)")
	fs.BoolVar(&o.JSON, "json", false, "print the report as JSON")
	fs.BoolVar(&o.Verbose, "v", false, "copy halld's log to standard error")
	fs.Uint64Var(&o.Seed, "seed", 0, "random seed (0: from the clock)")
	switch cmd {
	case "network":
		fs.IntVar(&o.Halls, "halls", 3, "halls reporting to the centre")
		fs.IntVar(&o.Windows, "windows", 4, "windows calling in each hall")
		fs.Float64Var(&o.Rate, "rate", 0.5, "tickets issued per second in each hall")
		fs.DurationVar(&o.Think, "think", 3*time.Second, "clerk's pause between start and finish")
		fs.Float64Var(&o.NoShow, "no-show", 0.05, "share of calls that end in a no-show")
		fs.DurationVar(&o.Duration, "duration", 0, "run this long and report the link's lag (0: run until Ctrl-C, the demo)")
		fs.StringVar(&o.Listen, "listen", "127.0.0.1:8090", "the centre's page address")
		fs.DurationVar(&o.Cut, "cut", 0, "with -duration: SIGKILL nats-server a third of the way in and restart it after this long")
		fs.BoolVar(&o.Cluster, "cluster", false, "three nats-server nodes with streams replicated three times (-cut then kills one node)")
		fs.BoolVar(&o.Keep, "keep", false, "keep the work directory (data, logs, configs) after the run")
	case "load":
		fs.StringVar(&o.Target, "target", "", "URL of a running halld (needs -config and -pin); default: start one")
		fs.StringVar(&o.Config, "config", "", "hall file of -target")
		fs.StringVar(&o.PIN, "pin", "1234", "PIN of every staff member of -target's hall")
		fs.StringVar(&o.Data, "data", "", "data directory for the started halld (reuses DIR/hall.toml, e.g. from history)")
		fs.IntVar(&o.Windows, "windows", 20, "windows logged in and calling")
		fs.IntVar(&o.Services, "services", 0, "services in the generated hall (default windows/5, at least 2)")
		fs.IntVar(&o.Subs, "subscribers", 100, "WebSocket subscribers on /api/v1/events")
		fs.Float64Var(&o.Rate, "rate", 50, "tickets issued per second by kiosks")
		fs.DurationVar(&o.Duration, "duration", 10*time.Second, "length of the timed run")
		fs.DurationVar(&o.Think, "think", 0, "clerk's pause between start and finish")
		fs.IntVar(&o.Backlog, "backlog", 0, "tickets issued before the timed run")
		fs.Float64Var(&o.NoShow, "noshow", 0, "share of calls that end in a no-show")
		fs.BoolVar(&o.SkipLogCheck, "skip-logcheck", false, "do not replay the whole event log afterwards (for -data over a year of history)")
		fs.DurationVar(&o.Settle, "settle", 500*time.Millisecond, "pause after the logins before reading idle memory")
		fs.StringVar(&o.Profile, "profile", "", "write halld's CPU profile of the timed run to this file (go tool pprof FILE), and its heap profiles when idle and after the load to FILE.idle-heap and FILE.load-heap")
	case "full":
		fs.StringVar(&o.History, "history", "", "data directory written by hallbench history (a year: -tickets 3000000); required")
		fs.StringVar(&o.Month, "month", "2025-06", "the month whose report to time over the history")
		fs.IntVar(&o.Windows, "windows", 200, "windows logged in and calling")
		fs.IntVar(&o.Subs, "subscribers", 1000, "WebSocket subscribers")
		fs.Float64Var(&o.FanRate, "fan-rate", 20, "tickets/s of the fan-out run (a busy hall's pace)")
		fs.Float64Var(&o.Rate, "rate", 1600, "tickets/s offered in the throughput runs (each ticket is four operations)")
		fs.DurationVar(&o.TodayFor, "today", 30*time.Second, "before the starts, run the history's 40 windows with tickets at 400/s for this long (a busy day to restart into; this writes into the history's database)")
		fs.DurationVar(&o.Duration, "duration", 15*time.Second, "length of each load run")
		fs.IntVar(&o.Cuts, "cuts", 200, "power cuts")
		fs.IntVar(&o.Cold, "cold", 0, "also time this many starts over the history after dropping the page cache (needs root)")
	case "history":
		fs.StringVar(&o.Data, "data", "", "data directory to fill (required)")
		fs.IntVar(&o.Windows, "windows", 40, "windows of the hall")
		fs.IntVar(&o.Tickets, "tickets", 3_000_000, "tickets over 250 working days")
		fs.DurationVar(&o.Slot, "slot", time.Minute, "simulated time per batch of operations")
	case "startup":
		fs.StringVar(&o.Data, "data", "", "data directory with halld.db and hall.toml (required)")
		fs.IntVar(&o.Runs, "runs", 5, "starts to time")
		fs.IntVar(&o.Cold, "cold", 0, "then this many starts after dropping the page cache (needs root), as after a reboot")
		fs.StringVar(&o.Month, "month", "2025-06", "time this month's report (GET /api/v1/stats by hall, window, staff and service) after the last start; history writes 2025; empty skips it")
		fs.StringVar(&o.PIN, "pin", "1234", "the admin's PIN (history writes 1234)")
	case "powercut":
		fs.StringVar(&o.Data, "data", "", "data directory (default: a temporary one)")
		fs.IntVar(&o.Windows, "windows", 6, "windows logged in and calling")
		fs.IntVar(&o.Services, "services", 3, "services in the generated hall")
		fs.Float64Var(&o.Rate, "rate", 200, "tickets issued per second by kiosks")
		fs.IntVar(&o.Cuts, "cuts", 200, "power cuts (SIGKILL) to survive")
		fs.DurationVar(&o.MinRun, "min-run", 50*time.Millisecond, "shortest load before a cut")
		fs.DurationVar(&o.MaxRun, "max-run", 600*time.Millisecond, "longest load before a cut")
		fs.IntVar(&o.FullEvery, "full-every", 10, "read the whole event log (since=0) every this many cuts, and after the last")
		fs.Float64Var(&o.NoShow, "noshow", 0.1, "share of calls that end in a no-show")
	}
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"halld/agent"
	"halld/api"
	"halld/display/screen"
	"halld/equip"
	"halld/internal/sdnotify"
	"halld/internal/timesync"
	"halld/kiosk"
	"halld/kiosk/cardslot"
	"halld/queue"
	"halld/queue/assess"
	"halld/queue/hall"
)

type options struct {
	listen    string
	data      string
	config    string
	publicURL string
	backupDir string
	agent     string
	debug     string         // -debug-listen: pprof's address
	verifyDB  bool           // -verify-db: verify every page at start
	devices   []netip.Prefix // -device-addrs: the hall's kiosks, pads and buttons besides loopback
	keyFile   string         // -key-file: halld's secrets, outside the database
	retention int            // -retention-days: personal data kept this long
	confirm   string         // -confirm-day: the operator confirms a day far ahead
	synced    func() bool    // -clock-sync; nil: no check
}

func parseFlags(args []string, stderr io.Writer) (options, []string, error) {
	fs := flag.NewFlagSet("halld", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.listen, "listen", ":8080", "HTTP listen address")
	fs.StringVar(&o.data, "data", "halld-data", "data directory (the bbolt database lives here)")
	fs.StringVar(&o.config, "config", "", "hall config file (TOML); empty runs the built-in demo hall")
	fs.StringVar(&o.backupDir, "backup-dir", "", "write a backup here every night (e.g. a USB stick); the newest 14 are kept")
	fs.StringVar(&o.agent, "agent", "", "the hub's URL, for a satellite board's agent (overrides agent.hub in its file); a -config with an [agent] table runs the agent without it")
	fs.StringVar(&o.publicURL, "public-url", "", "how phones on the hall Wi-Fi reach halld, for ticket QR codes (default: https://<first [tls] host>:<port> with HTTPS, else from -listen)")
	fs.StringVar(&o.debug, "debug-listen", "", "serve Go's profiler (/debug/pprof/) on this address, e.g. 127.0.0.1:6060; for measuring, never on the hall network")
	fs.BoolVar(&o.verifyDB, "verify-db", false, "verify the whole database at start (every page and record), as halld always does after an unclean shutdown")
	deviceAddrs := fs.String("device-addrs", "", "addresses or CIDR prefixes (comma-separated) of the hall's own kiosks, tablet pads and button boxes, trusted to print, rate and claim a channel or priority; loopback always is; \"any\" trusts everyone (a lab, never a hall)")
	fs.StringVar(&o.keyFile, "key-file", "", "file of halld's secrets (ID-number HMAC key, case applicant encryption key), created 0600 on first start; keep it out of backups (default: beside the data directory, DATA.key)")
	fs.IntVar(&o.retention, "retention-days", queue.DefaultRetentionDays, "erase personal data (ID numbers, applicants) of tickets and finished cases after this many days; -1 keeps it for ever")
	fs.StringVar(&o.confirm, "confirm-day", "", "the operator's confirmation (YYYY-MM-DD, today's date) that the clock is right when it is far ahead of the last day halld ran (refused with clock_jump otherwise)")
	clockSync := fs.String("clock-sync", "none", "before starting a new day, wait for: none, kernel (NTP-synchronised per adjtimex) or file:PATH (exists when synchronised)")
	if err := fs.Parse(args); err != nil {
		return o, nil, err
	}
	var err error
	if o.synced, err = timesync.Parse(*clockSync); err != nil {
		return o, nil, fmt.Errorf("-clock-sync: %w", err)
	}
	if o.devices, err = api.ParseDeviceAddrs(*deviceAddrs); err != nil {
		return o, nil, fmt.Errorf("-device-addrs: %w", err)
	}
	return o, fs.Args(), nil
}

// run is the whole daemon; main only wires signals and exit codes.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "backup":
			return backupCmd(args[1:], stdout, stderr)
		case "restore":
			return restoreCmd(args[1:], stdout, stderr)
		case "centre":
			return centreCmd(ctx, args[1:], stdout, stderr)
		}
	}
	o, rest, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		switch rest[0] {
		case "hash-pin":
			return hashPIN(stdin, stdout)
		default:
			return fmt.Errorf("unknown command %q (known: hash-pin, backup, restore, centre)", rest[0])
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if o.agent != "" || (o.config != "" && agent.IsBoardFile(o.config)) {
		return runAgent(ctx, o, stdout, log)
	}

	h, demo, err := loadHall(o.config)
	if err != nil {
		return err
	}
	var devices equip.Config
	if err := h.DecodeDevices(&devices); err != nil {
		return err
	}
	if err := devices.Validate(h); err != nil {
		return err
	}
	if err := os.MkdirAll(o.data, 0o750); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	https, err := loadTLS(h, o.data, log)
	if err != nil {
		return err
	}
	centre, err := loadCentreLink(h)
	if err != nil {
		return err
	}
	smsCfg, err := loadSMS(h)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(o.data, dbName)
	e, err := queue.Open(dbPath, h, queue.Options{Logger: log, Synced: o.synced, Verify: o.verifyDB,
		KeyFile: o.keyFile, RetentionDays: o.retention, ConfirmDay: o.confirm})
	if err != nil {
		if cerr := queue.Check(dbPath); errors.Is(cerr, queue.ErrCorrupt) || errors.Is(err, queue.ErrCorrupt) {
			msg := fmt.Sprintf("the database %s is damaged (%v)", dbPath, err)
			if b := newestBackup(o.backupDir); b != "" {
				msg += fmt.Sprintf("; the newest backup is %s: halld restore -data %s %s", b, o.data, b)
			}
			return errors.New(msg)
		}
		return err
	}
	defer e.Close() // last: after the server, the streams and the devices
	https.reportRenewals(e, log)
	if o.debug != "" {
		stopDebug, err := serveDebug(context.WithoutCancel(ctx), o.debug, log)
		if err != nil {
			return fmt.Errorf("-debug-listen: %w", err)
		}
		defer stopDebug()
	}
	ctx, stopDevices := context.WithCancel(ctx)
	defer stopDevices()

	eq, err := equip.Start(ctx, e, devices, log)
	if err != nil {
		return err
	}
	outbox, err := startSMS(ctx, e, smsCfg, eq, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	defer ln.Close() // on the error paths before Serve owns it
	base := "http://" + displayAddr(ln.Addr())
	if https != nil {
		base = "https://" + displayAddr(ln.Addr())
	}
	if o.publicURL == "" {
		o.publicURL = base
		if https != nil && https.host != "" { // phones need the hall's name, not localhost
			o.publicURL = "https://" + net.JoinHostPort(https.host, portOf(ln.Addr()))
		}
	}
	boards := agent.NewHub(e, kiosk.TicketLayout{Hall: h, PublicURL: o.publicURL}, log)
	boards.Bind(devices) // a board presses only its own keypads and buttons
	printers, papers := eq.KioskPrinters(), eq.PaperWidths()
	for _, p := range devices.Printers {
		if p.Transport == equip.Agent { // a touch kiosk's printer wired to its cabinet's board
			printers[p.Kiosk], papers[p.Kiosk] = boards.Printer(p.Board, p.Kiosk), p.PaperMM
		}
	}
	if len(printers) == 0 {
		printers["1"] = nil // a kiosk that shows tickets on screen only
	}
	cards := cardslot.New(0, nil) // ID cards read at the kiosks, until used
	k, err := kiosk.New(e, kiosk.Options{Printers: printers, PaperWidths: papers, PublicURL: o.publicURL, Cards: cards, Logger: log, Notices: outbox})
	if err != nil {
		return err
	}
	eq.StartButtons(ctx, k)
	eq.StartIDCards(ctx, cards)
	scr, err := screen.New(screen.Options{Location: h.Location, Logger: log})
	if err != nil {
		return err
	}
	srv := api.New(e, log)
	srv.TrustDevices(o.devices)
	book, err := startAttendance(ctx, e, srv, eq, log)
	if err != nil {
		return err
	}
	stopSupervision, err := startSupervision(e, srv, log)
	if err != nil {
		return err
	}
	defer stopSupervision() // after the server's shutdown, before the engine closes
	srv.WithAssessment(assess.NewLedger(e, h, e.Calendar()).WithAttendance(book))
	srv.WithSMS(outbox)
	mountPages(srv, h, eq, k, scr)
	if https != nil && https.ca != nil {
		mountCA(srv, h, https.ca)
	}
	boards.Register(srv)
	if err := startBooking(ctx, e, srv, k, log); err != nil {
		return err
	}
	if err := startGuides(e, srv, k, demo, log); err != nil {
		return err
	}
	go boards.Run(ctx)
	monitor, stopAlerts, err := startAlerts(ctx, e, srv, log, time.Now, alertEvery)
	if err != nil {
		return err
	}
	defer stopAlerts() // before the engine closes
	stopCentre, err := startCentreLink(ctx, centre, e, srv, log, monitor.OpenCount)
	if err != nil {
		return err
	}
	defer stopCentre() // before the engine closes (deferred earlier, runs later)
	hs := api.NewHTTPServer(securityHeaders(srv))
	// TLS handshakes refused by terminals that do not trust the CA yet
	// would fill the journal.
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelDebug)
	serveErr := make(chan error, 1)
	if https != nil {
		hs.TLSConfig = https.config
		go func() { serveErr <- hs.Serve(newTLSListener(ln, https.config, log)) }()
	} else {
		go func() { serveErr <- hs.Serve(ln) }()
	}
	announce(stdout, base, h, demo, o, k.IDs())
	if centre != nil {
		fmt.Fprintf(stdout, "  centre:    %s as hall %s (link state on /admin/)\n", strings.Join(centre.Servers, ", "), centre.Hall)
	}
	if https != nil && https.ca != nil {
		fmt.Fprintf(stdout, "  CA:        %s/ca (trust it on every terminal; SHA-256 %s)\n", base, https.ca.Fingerprint())
	}
	notify := sdnotify.New() // systemd: Type=notify, WatchdogSec=
	notify.Send("READY=1")

	err = serve(ctx, e, serveErr, log, &nightly{dir: o.backupDir, keep: 14}, notify)
	notify.Send("STOPPING=1")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.CloseStreams()
	hs.Shutdown(sctx)
	return err
}

// serve runs the time-driven rules until the context ends, the server
// fails or the engine's storage fails.
func serve(ctx context.Context, e *queue.Engine, serveErr <-chan error, log *slog.Logger, backups *nightly, notify *sdnotify.Notifier) error {
	every, watchdog := 5*time.Second, sdnotify.WatchdogInterval()
	if watchdog > 0 && watchdog < every {
		every = watchdog
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := e.Tick(); err != nil && !errors.Is(err, queue.ErrUnavailable) {
				log.Warn("tick", "err", err)
			}
			if watchdog > 0 && e.Err() == nil { // a failed store stops the pings: systemd restarts us
				notify.Send("WATCHDOG=1")
			}
			if now := time.Now(); backups.due(e, now) {
				if err := backups.run(e, now); err != nil {
					log.Error("nightly backup failed", "dir", backups.dir, "err", err)
					backups.last = e.Hall().Day(now) // try again tomorrow, not every tick
				}
			}
		case err := <-serveErr:
			return err
		case <-e.Failed():
			return fmt.Errorf("storage failed, exiting so the supervisor restarts halld: %w", e.Err())
		case <-ctx.Done():
			log.Info("shutting down")
			return nil
		}
	}
}

func loadHall(path string) (*hall.Hall, bool, error) {
	if path == "" {
		return hall.Demo(), true, nil
	}
	h, err := hall.Load(path)
	if err == nil {
		err = h.CheckPublishedPINs() // the demo's PIN 1234 copied into a real hall
	}
	return h, false, err
}

// announce prints where to go; tests read the first line for the address.
func announce(w io.Writer, base string, h *hall.Hall, demo bool, o options, kiosks []string) {
	fmt.Fprintf(w, "halld: listening on %s\n", base)
	fmt.Fprintf(w, "  hall:      %s (data in %s)\n", h.Hall.Name, o.data)
	for _, id := range kiosks {
		fmt.Fprintf(w, "  kiosk:     %s/kiosk/?id=%s\n", base, id)
	}
	fmt.Fprintf(w, "  terminal:  %s/terminal/ (clerks)\n", base)
	fmt.Fprintf(w, "  screen:    %s/screen/ (hall big screen, with voice)\n", base)
	fmt.Fprintf(w, "  admin:     %s/admin/ (supervisors: devices, statistics, 差评, cases)\n", base)
	fmt.Fprintf(w, "  devices:   %s/sim/ (simulated printers and LED boards)\n", base)
	fmt.Fprintf(w, "  API:       %s/api/v1/hall\n", base)
	fmt.Fprintf(w, "  events:    %s/api/v1/events (WebSocket)\n", strings.Replace(base, "http", "ws", 1))
	if len(o.devices) == 0 {
		fmt.Fprintf(w, "  trusted:   kiosks and pads print and rate from this machine only (-device-addrs lists others)\n")
	}
	if demo {
		fmt.Fprintf(w, "  demo logins: staff w1…w%d at windows 1…%d, supervisor s1, admin admin; every PIN 1234\n", len(h.Windows), len(h.Windows))
	}
}

// portOf is the port of a listening address.
func portOf(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return fmt.Sprint(tcp.Port)
	}
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
		return a.String()
	}
	return tcp.String()
}

// hashPIN reads one PIN line and prints its hash for a config file.
func hashPIN(stdin io.Reader, stdout io.Writer) error {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("hash-pin: type the PIN on standard input")
	}
	pin := strings.TrimSpace(line)
	if err := hall.PINPolicy(pin); err != nil {
		return fmt.Errorf("hash-pin: %w", err)
	}
	h, err := hall.HashPIN(pin)
	if err != nil {
		return fmt.Errorf("hash-pin: %w", err)
	}
	fmt.Fprintf(stdout, "pin_hash = %q\n", h)
	return nil
}

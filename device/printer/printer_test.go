package printer_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/escpos"
	"halld/device/gbk"
	"halld/device/printer"
	"halld/device/printer/printersim"
)

var testCfg = printer.Config{
	StatusTimeout:  500 * time.Millisecond,
	AckTimeout:     5 * time.Second,
	PollInterval:   2 * time.Second,
	ReopenInterval: 3 * time.Second,
}

// rig runs a driver against a simulated printer inside a synctest bubble.
type rig struct {
	t    *testing.T
	sim  *printersim.Printer
	p    *printer.Printer
	stop func()
	// onWrite, if set, runs before each write reaches the simulator; the
	// write is dropped (as if stuck in a buffer) when it returns false.
	onWrite func(c *printersim.Conn, b []byte) (forward bool)
	mu      sync.Mutex // guards onWrite: the driver writes from its own goroutines
}

func (r *rig) hook(f func(c *printersim.Conn, b []byte) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onWrite = f
}

// conn lets a test act at the exact moment bytes reach the printer.
type conn struct {
	*printersim.Conn
	r *rig
}

func (c conn) Write(b []byte) (int, error) {
	c.r.mu.Lock()
	f := c.r.onWrite
	if f != nil && len(b) > 3 { // a job, not a status request: fire once
		c.r.onWrite = nil
	}
	c.r.mu.Unlock()
	if f != nil && len(b) > 3 && !f(c.Conn, b) {
		return len(b), nil
	}
	return c.Conn.Write(b)
}

func newRig(t *testing.T) *rig { return newRigConfig(t, nil) }

// newRigConfig is newRig with changes to testCfg.
func newRigConfig(t *testing.T, change func(*printer.Config)) *rig {
	r := &rig{t: t, sim: printersim.New(gbk.GBK)}
	cfg := testCfg
	if change != nil {
		change(&cfg)
	}
	open := func() (printer.Conn, error) {
		c, err := r.sim.Open()
		if err != nil {
			return nil, err
		}
		return conn{c, r}, nil
	}
	r.p = printer.New(open, cfg, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.p.Run(ctx) }()
	r.stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	r.waitFor(printer.Ready)
	return r
}

// waitFor reads state changes until c is reported; the bubble's clock runs
// on while everything waits, so polls and timeouts happen without sleeping.
func (r *rig) waitFor(c printer.Condition) printer.State {
	r.t.Helper()
	deadline := time.After(time.Minute)
	for {
		select {
		case s := <-r.p.Changes():
			if s.Condition == c {
				return s
			}
		case <-deadline:
			r.t.Fatalf("no %v within a minute; state %+v", c, r.p.State())
		}
	}
}

func ticket(t *testing.T, number string) []byte {
	t.Helper()
	b := escpos.NewBuilder(escpos.Options{Paper: escpos.Paper58})
	job, err := b.Init().Chinese(true).Align(escpos.Center).Size(2, 2).Bold(true).Line(number).
		Size(1, 1).Bold(false).Line("请到3号窗口").
		QR("https://hall.example.com/"+number, 6, escpos.QRLevelM).Feed(3).Cut(0).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return job
}

func (r *rig) print(number string) (printer.Result, error) {
	return r.p.Print(context.Background(), ticket(r.t, number))
}

func (r *rig) mustPrint(number string) {
	r.t.Helper()
	if _, err := r.print(number); err != nil {
		r.t.Fatalf("print %s: %v", number, err)
	}
}

func (r *rig) printedNumbers() []string {
	var out []string
	for _, tk := range r.sim.Tickets() {
		out = append(out, tk.Lines()[0])
	}
	return out
}

func TestPrintTicket(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		res, err := r.print("A001")
		if err != nil {
			t.Fatal(err)
		}
		if res.Bytes != len(ticket(t, "A001")) || res.PaperNearEnd {
			t.Errorf("result %+v", res)
		}
		tk := r.sim.Tickets()
		if len(tk) != 1 || !reflect.DeepEqual(tk[0].Lines(), []string{"A001", "请到3号窗口"}) {
			t.Fatalf("tickets %+v", tk)
		}
		qr := tk[0].Elements[3].(escpos.QRCode)
		if string(qr.Data) != "https://hall.example.com/A001" {
			t.Errorf("qr %q", qr.Data)
		}
	})
}

func TestPaperOutAndReload(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.mustPrint("A001")
		r.sim.Set(printersim.State{Paper: printersim.PaperOut})
		s := r.waitFor(printer.PaperOut)
		if !errors.Is(s.Err, printer.ErrPaperOut) || !s.Status.PaperOut {
			t.Errorf("state %+v", s)
		}
		start := time.Now()
		if _, err := r.print("A002"); !errors.Is(err, printer.ErrPaperOut) {
			t.Fatalf("print while out: %v", err)
		}
		if time.Since(start) != 0 {
			t.Errorf("refusal took %v", time.Since(start))
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A003")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"A001", "A003"}) {
			t.Errorf("printed %v", got)
		}
	})
}

func TestNearEndStillPrints(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.sim.Set(printersim.State{Paper: printersim.PaperNearEnd})
		r.waitFor(printer.PaperNearEnd)
		res, err := r.print("A001")
		if err != nil || !res.PaperNearEnd {
			t.Fatalf("%+v %v", res, err)
		}
	})
}

func TestCoverOpenReportedByASB(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.sim.SetASB(true)
		synctest.Wait()
		start := time.Now()
		r.sim.Set(printersim.State{CoverOpen: true})
		r.waitFor(printer.CoverOpen)
		if time.Since(start) != 0 {
			t.Errorf("ASB not used: change seen after %v", time.Since(start))
		}
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrCoverOpen) {
			t.Fatalf("print: %v", err)
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A002")
	})
}

func TestCoverOpenByPolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		start := time.Now()
		r.sim.Set(printersim.State{CoverOpen: true})
		r.waitFor(printer.CoverOpen)
		if d := time.Since(start); d == 0 || d > testCfg.PollInterval {
			t.Errorf("seen after %v, poll interval %v", d, testCfg.PollInterval)
		}
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrCoverOpen) {
			t.Fatalf("print: %v", err)
		}
	})
}

func TestUnpluggedAndBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.sim.Set(printersim.State{Unplugged: true})
		s := r.waitFor(printer.Unplugged)
		if !errors.Is(s.Err, printer.ErrUnplugged) || !errors.Is(s.Err, printersim.ErrUnplugged) {
			t.Errorf("state err %v", s.Err)
		}
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrUnplugged) {
			t.Fatalf("print: %v", err)
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A002")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"A002"}) {
			t.Errorf("printed %v", got)
		}
	})
}

func TestPoweredOffIsOffline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.sim.Set(printersim.State{PoweredOff: true})
		s := r.waitFor(printer.Offline)
		if !errors.Is(s.Err, printer.ErrOffline) {
			t.Errorf("err %v", s.Err)
		}
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrOffline) {
			t.Fatalf("print: %v", err)
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A002")
	})
}

// Paper runs out just as the job arrives: the printer holds it, no GS r
// reply comes, and the job is not reported printed. Status is polled while
// the job waits, so the driver gives up at the first poll, not after the
// whole acknowledgement timeout. After reloading, the printer prints the
// held ticket and sends the late reply: OnLate names the job, and the
// reply is not taken for the next job's.
func TestNoAckNotReportedPrinted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var late []string
		r := newRigConfig(t, func(c *printer.Config) {
			c.OnLate = func(tag string) { mu.Lock(); late = append(late, tag); mu.Unlock() }
		})
		defer r.stop()
		r.hook(func(_ *printersim.Conn, b []byte) bool {
			if len(b) > 3 { // the job, not a status request
				r.sim.Set(printersim.State{Paper: printersim.PaperOut})
			}
			return true
		})
		start := time.Now()
		_, err := r.p.PrintTagged(context.Background(), "A001", ticket(t, "A001"))
		if !errors.Is(err, printer.ErrNoAck) || !errors.Is(err, printer.ErrPaperOut) {
			t.Fatalf("err %v", err)
		}
		if d := time.Since(start); d > testCfg.PollInterval+testCfg.StatusTimeout*4 {
			t.Errorf("gave up after %v: status not polled during the job", d)
		}
		if st := r.p.State(); len(r.sim.Tickets()) != 0 || st.Condition != printer.PaperOut || st.Unacked != 1 || !st.Pending.IsZero() {
			t.Fatalf("tickets %d state %+v", len(r.sim.Tickets()), st)
		}
		r.sim.Set(printersim.State{}) // reload: the held A001 prints now
		r.waitFor(printer.Ready)
		r.mustPrint("A002")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"A001", "A002"}) {
			t.Errorf("printed %v", got)
		}
		mu.Lock()
		defer mu.Unlock()
		if !reflect.DeepEqual(late, []string{"A001"}) || r.p.State().Unacked != 0 {
			t.Errorf("late %v, state %+v", late, r.p.State())
		}
	})
}

// A printer that reads ready but withholds the acknowledgement (stalled):
// while the job waits, State.Pending says since when; after the timeout the
// job is owed (Unacked), and its late reply is reconciled.
func TestStalledPrinterOwesTheJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var late []string
		r := newRigConfig(t, func(c *printer.Config) { c.OnLate = func(tag string) { late = append(late, tag) } })
		defer r.stop()
		r.sim.Set(printersim.State{Stalled: true})
		done := make(chan error)
		go func() {
			_, err := r.p.PrintTagged(context.Background(), "F001", ticket(t, "F001"))
			done <- err
		}()
		time.Sleep(time.Second)
		if st := r.p.State(); st.Pending.IsZero() || st.Condition != printer.Ready {
			t.Fatalf("while waiting: %+v", st)
		}
		if err := <-done; !errors.Is(err, printer.ErrNoAck) || !errors.Is(err, printer.ErrTimeout) {
			t.Fatalf("err %v", err)
		}
		if st := r.p.State(); st.Unacked != 1 || !st.Pending.IsZero() {
			t.Fatalf("after giving up: %+v", st)
		}
		r.sim.Set(printersim.State{}) // the mechanism recovers: F001 prints
		r.mustPrint("F002")
		if !reflect.DeepEqual(late, []string{"F001"}) || r.p.State().Unacked != 0 {
			t.Errorf("late %v state %+v", late, r.p.State())
		}
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"F001", "F002"}) {
			t.Errorf("printed %v", got)
		}
	})
}

// A job stuck on the way (here: in a buffer) times out; its reply comes
// during the next job and must not be taken for that job's.
func TestLateAckNotTakenForNextJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		var stuck []byte
		r.hook(func(_ *printersim.Conn, b []byte) bool {
			if len(b) > 3 {
				stuck = append([]byte(nil), b...)
				return false
			}
			return true
		})
		_, err := r.print("A001")
		if !errors.Is(err, printer.ErrNoAck) || !errors.Is(err, printer.ErrTimeout) {
			t.Fatalf("A001: %v", err)
		}
		if r.p.State().Condition != printer.Ready {
			t.Fatalf("state %+v", r.p.State())
		}
		// A001 arrives with A002, and the cover opens before A002 is
		// processed: only A001's reply comes back.
		r.hook(func(c *printersim.Conn, b []byte) bool {
			if len(b) > 3 {
				if _, err := c.Write(stuck); err != nil {
					t.Error(err)
				}
				r.sim.Set(printersim.State{CoverOpen: true})
			}
			return true
		})
		if _, err := r.print("A002"); !errors.Is(err, printer.ErrNoAck) || !errors.Is(err, printer.ErrCoverOpen) {
			t.Fatalf("A002 reported printed with the cover open: %v", err)
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A003")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"A001", "A002", "A003"}) {
			t.Errorf("printed %v", got)
		}
	})
}

func TestPowerLossMidJob(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.hook(func(_ *printersim.Conn, b []byte) bool {
			if len(b) > 3 {
				r.sim.Set(printersim.State{PoweredOff: true})
			}
			return true
		})
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrNoAck) || !errors.Is(err, printer.ErrOffline) {
			t.Fatalf("err %v", err)
		}
		r.sim.Set(printersim.State{})
		r.waitFor(printer.Ready)
		r.mustPrint("A002")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"A002"}) {
			t.Errorf("printed %v", got)
		}
	})
}

func TestUnsolicitedBytesTolerated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		r.sim.Inject(0x12, 0xFF, 0x11, 0x13)
		// QR data with DLE EOT inside makes the printer answer mid-job, and
		// the job carries its own GS r 1: both acks are awaited.
		job, err := escpos.NewBuilder(escpos.Options{}).Line("B007").AckRequest().
			QR("x\x10\x04\x01y", 4, escpos.QRLevelQ).Cut(0).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.p.Print(context.Background(), job); err != nil {
			t.Fatal(err)
		}
		r.mustPrint("B008")
		if got := r.printedNumbers(); !reflect.DeepEqual(got, []string{"B007", "B008"}) {
			t.Errorf("printed %v", got)
		}
		if r.p.State().Condition != printer.Ready {
			t.Errorf("state %+v", r.p.State())
		}
	})
}

func TestPrintCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		defer r.stop()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := r.p.Print(ctx, ticket(t, "A001")); !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v", err)
		}
		if _, err := r.p.Print(context.Background(), nil); !errors.Is(err, printer.ErrEmptyJob) {
			t.Fatalf("empty: %v", err)
		}
	})
}

func TestStoppedDriver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newRig(t)
		r.stop()
		if _, err := r.print("A001"); !errors.Is(err, printer.ErrClosed) {
			t.Fatalf("err %v", err)
		}
		if err := r.p.Run(context.Background()); !errors.Is(err, printer.ErrClosed) {
			t.Fatalf("second Run: %v", err)
		}
	})
}

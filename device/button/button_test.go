package button_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"periph.io/x/conn/v3/gpio"

	"halld/device/button"
)

const ms = time.Millisecond

// step is what happens to the pin at a fake-clock offset from the start.
type step struct {
	at    time.Duration
	level gpio.Level
	quiet bool // change the level without an edge (a lost edge)
}

func press(at time.Duration) step   { return step{at: at, level: gpio.Low} }
func release(at time.Duration) step { return step{at: at, level: gpio.High} }

// advanceTo moves the synctest bubble's fake clock; no real time passes.
func advanceTo(start time.Time, at time.Duration) {
	if d := time.Until(start.Add(at)); d > 0 {
		time.Sleep(d)
	}
}

func TestRunDebounce(t *testing.T) {
	cfg := button.Config{ID: "svc-A", Lockout: 300 * ms, Settle: 50 * ms, Poll: 100 * ms}
	tests := []struct {
		name           string
		cfg            button.Config
		heldAtStart    bool
		steps          []step
		want           []time.Duration
		wantSuppressed uint64
		wantDropped    uint64 // a person's second press inside the lock-out
	}{
		{name: "clean press", steps: []step{press(0), release(120 * ms)}, want: []time.Duration{0}},
		{
			name: "bouncing press and release",
			steps: []step{
				press(0), release(1 * ms), press(2 * ms), release(3 * ms), press(4 * ms),
				release(2 * time.Second), press(2001 * ms), release(2002 * ms), press(2003 * ms), release(2004 * ms),
			},
			want: []time.Duration{0}, wantSuppressed: 4,
		},
		{
			name: "bouncing press and release, no poll in between",
			cfg:  button.Config{ID: "svc-A", Lockout: 300 * ms, Settle: 50 * ms, Poll: 10 * time.Second},
			steps: []step{
				press(0), release(1 * ms), press(2 * ms), release(2 * time.Second), press(2001 * ms), release(2002 * ms),
			},
			want: []time.Duration{0}, wantSuppressed: 2,
		},
		{name: "held five seconds", steps: []step{press(0), release(5 * time.Second)}, want: []time.Duration{0}},
		{
			name:  "two quick presses beyond lock-out",
			steps: []step{press(0), release(100 * ms), press(400 * ms), release(480 * ms)},
			want:  []time.Duration{0, 400 * ms},
		},
		{
			name:  "second press inside lock-out",
			steps: []step{press(0), release(50 * ms), press(200 * ms), release(250 * ms)},
			want:  []time.Duration{0}, wantSuppressed: 1, wantDropped: 1,
		},
		{
			name:  "repeated active edge without release",
			steps: []step{press(0), press(500 * ms), press(time.Second)},
			want:  []time.Duration{0}, wantSuppressed: 2,
		},
		{
			name:        "held at start reports nothing until released",
			heldAtStart: true,
			steps:       []step{press(10 * ms), release(time.Second), press(2 * time.Second)},
			want:        []time.Duration{2 * time.Second}, wantSuppressed: 1,
		},
		{
			name:  "lost release edge caught by poll",
			steps: []step{press(0), {at: 500 * ms, level: gpio.High, quiet: true}, press(time.Second)},
			want:  []time.Duration{0, time.Second},
		},
		{
			name: "active-high wiring",
			cfg:  button.Config{ID: "svc-B", ActiveHigh: true},
			steps: []step{
				{at: 0, level: gpio.High}, {at: 2 * ms, level: gpio.Low}, {at: 3 * ms, level: gpio.High},
				{at: 100 * ms, level: gpio.Low}, {at: 700 * ms, level: gpio.High},
			},
			want: []time.Duration{0, 700 * ms}, wantSuppressed: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := cfg
				if tc.cfg.ID != "" {
					c = tc.cfg
				}
				pin, edges := newTestPin("GPIO17")
				b, err := button.New(pin, c, nil)
				if err != nil {
					t.Fatal(err)
				}
				if tc.heldAtStart {
					_ = pin.Out(gpio.Low)
				}
				var (
					mu  sync.Mutex
					got []time.Duration
				)
				start := time.Now()
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error)
				go func() {
					done <- b.Run(ctx, func(p button.Press) {
						if p.ID != c.ID {
							t.Errorf("press ID %q, want %q", p.ID, c.ID)
						}
						mu.Lock()
						got = append(got, p.At.Sub(start))
						mu.Unlock()
					})
				}()
				for _, s := range tc.steps {
					advanceTo(start, s.at)
					if s.quiet {
						_ = pin.Out(s.level)
					} else {
						edges <- s.level
					}
					synctest.Wait()
				}
				advanceTo(start, tc.steps[len(tc.steps)-1].at+3*time.Second)
				cancel()
				if err := <-done; !errors.Is(err, context.Canceled) {
					t.Errorf("Run returned %v, want context.Canceled", err)
				}
				mu.Lock()
				defer mu.Unlock()
				if !slices.Equal(got, tc.want) {
					t.Errorf("presses at %v, want %v", got, tc.want)
				}
				st := b.Stats()
				if st.Presses != uint64(len(tc.want)) || st.Suppressed != tc.wantSuppressed || st.Dropped != tc.wantDropped {
					t.Errorf("stats %+v, want %d presses, %d suppressed", st, len(tc.want), tc.wantSuppressed)
				}
			})
		})
	}
}

func TestRunAllKeepsIDs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var bs []*button.Button
		var chans []chan gpio.Level
		for _, id := range []string{"A", "B"} {
			pin, edges := newTestPin("GPIO-" + id)
			b, err := button.New(pin, button.Config{ID: id}, nil)
			if err != nil {
				t.Fatal(err)
			}
			bs, chans = append(bs, b), append(chans, edges)
		}
		var mu sync.Mutex
		var got []string
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			_ = button.RunAll(ctx, bs, func(p button.Press) { mu.Lock(); got = append(got, p.ID); mu.Unlock() })
			close(done)
		}()
		chans[1] <- gpio.Low
		synctest.Wait()
		chans[0] <- gpio.Low
		synctest.Wait()
		cancel()
		<-done
		if !slices.Equal(got, []string{"B", "A"}) {
			t.Errorf("got %v, want [B A]", got)
		}
	})
}

func TestNewConfigErrors(t *testing.T) {
	pin, _ := newTestPin("P")
	tests := []struct {
		name string
		pin  gpio.PinIn
		cfg  button.Config
		want error
	}{
		{"no id", pin, button.Config{}, button.ErrConfig},
		{"negative lockout", pin, button.Config{ID: "x", Lockout: -1}, button.ErrConfig},
		{"negative poll", pin, button.Config{ID: "x", Poll: -1}, button.ErrConfig},
		{"bad pull", pin, button.Config{ID: "x", Pull: "sideways"}, button.ErrConfig},
		{"nil pin", nil, button.Config{ID: "x"}, button.ErrNoPin},
		{"ok", pin, button.Config{ID: "x", Pull: "none"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := button.New(tc.pin, tc.cfg, nil)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
	}
}

func TestNewSetsPull(t *testing.T) {
	for _, tc := range []struct {
		cfg  button.Config
		want gpio.Pull
	}{
		{button.Config{ID: "x"}, gpio.PullUp},
		{button.Config{ID: "x", ActiveHigh: true}, gpio.PullDown},
		{button.Config{ID: "x", Pull: "none"}, gpio.Float},
	} {
		pin, _ := newTestPin("P")
		if _, err := button.New(pin, tc.cfg, nil); err != nil {
			t.Fatal(err)
		}
		if got := pin.Pull(); got != tc.want {
			t.Errorf("%+v: pull %v, want %v", tc.cfg, got, tc.want)
		}
	}
}

func TestOpenMissingPin(t *testing.T) {
	_, err := button.Open(button.Config{ID: "svc-A", Pin: "NO_SUCH_GPIO_42"}, nil)
	if errors.Is(err, button.ErrHost) {
		t.Skipf("no periph host here: %v", err)
	}
	if !errors.Is(err, button.ErrNoPin) || !strings.Contains(err.Error(), `"NO_SUCH_GPIO_42"`) {
		t.Fatalf("err %v, want ErrNoPin naming the pin", err)
	}
	if _, err := button.Open(button.Config{ID: "svc-A"}, nil); !errors.Is(err, button.ErrConfig) {
		t.Fatalf("empty Pin: err %v, want ErrConfig", err)
	}
}

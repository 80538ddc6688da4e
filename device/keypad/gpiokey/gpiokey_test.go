package gpiokey_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"periph.io/x/conn/v3/gpio"

	"halld/device/button"
	"halld/device/keypad"
	"halld/device/keypad/gpiokey"
)

const ms = time.Millisecond

type edge struct {
	at    time.Duration
	level keypad.Level // which key
	to    gpio.Level
}

func TestKeypad(t *testing.T) {
	tests := []struct {
		name  string
		edges []edge
		want  []keypad.Level
	}{
		{
			name:  "bouncing key is one press",
			edges: []edge{{0, 4, gpio.Low}, {1 * ms, 4, gpio.High}, {2 * ms, 4, gpio.Low}, {150 * ms, 4, gpio.High}, {151 * ms, 4, gpio.Low}, {152 * ms, 4, gpio.High}},
			want:  []keypad.Level{4},
		},
		{
			name:  "held key is one press",
			edges: []edge{{0, 1, gpio.Low}, {10 * time.Second, 1, gpio.High}},
			want:  []keypad.Level{1},
		},
		{
			name:  "two keys",
			edges: []edge{{0, 5, gpio.Low}, {100 * ms, 5, gpio.High}, {200 * ms, 2, gpio.Low}, {300 * ms, 2, gpio.High}},
			want:  []keypad.Level{5, 2},
		},
		{
			name:  "same key twice beyond the lock-out",
			edges: []edge{{0, 3, gpio.Low}, {100 * ms, 3, gpio.High}, {600 * ms, 3, gpio.Low}, {700 * ms, 3, gpio.High}},
			want:  []keypad.Level{3, 3},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				pins := map[keypad.Level]gpio.PinIn{}
				edges := map[keypad.Level]chan gpio.Level{}
				for l := keypad.Level(1); l <= 5; l++ {
					pins[l], edges[l] = newTestPin(fmt.Sprintf("GPIO%d", 20+int(l)))
				}
				k, err := gpiokey.New(pins, button.Config{Lockout: 300 * ms, Settle: 50 * ms, Poll: 100 * ms}, nil)
				if err != nil {
					t.Fatal(err)
				}
				var got []keypad.Level
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error)
				go func() { done <- k.Run(ctx, func(l keypad.Level) { got = append(got, l) }) }()
				start := time.Now()
				for _, e := range tc.edges {
					if d := time.Until(start.Add(e.at)); d > 0 {
						time.Sleep(d) // the bubble's fake clock
					}
					edges[e.level] <- e.to
					synctest.Wait()
				}
				time.Sleep(time.Second)
				cancel()
				if err := <-done; !errors.Is(err, context.Canceled) {
					t.Errorf("Run: %v", err)
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("presses %v, want %v", got, tc.want)
				}
			})
		})
	}
}

// Pressing two keys yields one evaluation through the gate.
func TestKeypadWithGate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p5, e5 := newTestPin("GPIO25")
		p1, e1 := newTestPin("GPIO21")
		k, err := gpiokey.New(map[keypad.Level]gpio.PinIn{5: p5, 1: p1}, button.Config{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var results []keypad.Result
		g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { results = append(results, r) }})
		if err := g.Arm("A009", time.Minute); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { _ = k.Run(ctx, g.Press); close(done) }()
		e5 <- gpio.Low
		synctest.Wait()
		time.Sleep(time.Second)
		e1 <- gpio.Low
		synctest.Wait()
		cancel()
		<-done
		if len(results) != 1 || results[0].Level != keypad.VerySatisfied {
			t.Fatalf("results %+v, want one 非常满意", results)
		}
	})
}

func TestConfigErrors(t *testing.T) {
	p, _ := newTestPin("GPIO5")
	if _, err := gpiokey.New(nil, button.Config{}, nil); !errors.Is(err, gpiokey.ErrConfig) {
		t.Errorf("no pins: %v", err)
	}
	if _, err := gpiokey.New(map[keypad.Level]gpio.PinIn{6: p}, button.Config{}, nil); !errors.Is(err, gpiokey.ErrConfig) {
		t.Errorf("level 6: %v", err)
	}
	if _, err := gpiokey.New(map[keypad.Level]gpio.PinIn{2: nil}, button.Config{}, nil); !errors.Is(err, button.ErrNoPin) {
		t.Errorf("nil pin: %v", err)
	}
	_, err := gpiokey.Open(gpiokey.Config{Pins: map[keypad.Level]string{3: "NO_SUCH_GPIO_77"}}, nil)
	if errors.Is(err, button.ErrHost) {
		t.Skipf("no periph host: %v", err)
	}
	if !errors.Is(err, button.ErrNoPin) || !strings.Contains(err.Error(), "NO_SUCH_GPIO_77") {
		t.Errorf("missing pin: %v", err)
	}
}

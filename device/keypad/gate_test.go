package keypad_test

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/keypad"
)

// act is one thing done to the gate at a fake-clock offset.
type act struct {
	at      time.Duration
	arm     string // arm this ref with timeout
	timeout time.Duration
	press   keypad.Level
	disarm  bool
	take    keypad.Level // Take this level (a tablet's press)
	only    string       // DisarmRef(only)
}

// res is a Result with times as offsets from the start.
type res struct {
	ref     string
	outcome keypad.Outcome
	level   keypad.Level
	at      time.Duration
}

// sleepTo advances the synctest bubble's fake clock; no real time passes.
func sleepTo(start time.Time, at time.Duration) {
	if d := time.Until(start.Add(at)); d > 0 {
		time.Sleep(d)
	}
}

func TestGate(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name  string
		acts  []act
		want  []res
		stats keypad.GateStats
	}{
		{
			name:  "first press answers, second is a repeat",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: 2 * s, press: 5}, {at: 3 * s, press: 4}},
			want:  []res{{"A001", keypad.Answered, 5, 2 * s}},
			stats: keypad.GateStats{Answered: 1, IgnoredRepeat: 1},
		},
		{
			name:  "double press at the same instant",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: s, press: 2}, {at: s, press: 2}},
			want:  []res{{"A001", keypad.Answered, 2, s}},
			stats: keypad.GateStats{Answered: 1, IgnoredRepeat: 1},
		},
		{
			name:  "timeout gives one no-answer, late press ignored",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: 31 * s, press: 3}, {at: 90 * s, press: 3}},
			want:  []res{{"A001", keypad.NoAnswer, 0, 30 * s}},
			stats: keypad.GateStats{NoAnswer: 1, IgnoredLate: 2},
		},
		{
			name:  "press at the deadline is late",
			acts:  []act{{arm: "A001", timeout: 10 * s}, {at: 10 * s, press: 5}},
			want:  []res{{"A001", keypad.NoAnswer, 0, 10 * s}},
			stats: keypad.GateStats{NoAnswer: 1, IgnoredLate: 1},
		},
		{
			name:  "press while never armed",
			acts:  []act{{press: 5}},
			stats: keypad.GateStats{IgnoredDisarmed: 1},
		},
		{
			name: "arming another ref cancels the first",
			acts: []act{{arm: "A001", timeout: 30 * s}, {at: s, arm: "A002", timeout: 30 * s}, {at: 2 * s, press: 1}},
			want: []res{
				{"A001", keypad.Cancelled, 0, s},
				{"A002", keypad.Answered, 1, 2 * s},
			},
			stats: keypad.GateStats{Answered: 1, Cancelled: 1},
		},
		{
			name:  "disarm then press",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: s, disarm: true}, {at: 2 * s, press: 5}, {at: 3 * s, disarm: true}},
			want:  []res{{"A001", keypad.Cancelled, 0, s}},
			stats: keypad.GateStats{Cancelled: 1, IgnoredDisarmed: 1},
		},
		{
			name:  "invalid levels do not answer",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: s, press: 0}, {at: s, press: 6}, {at: 2 * s, press: 3}},
			want:  []res{{"A001", keypad.Answered, 3, 2 * s}},
			stats: keypad.GateStats{Answered: 1, IgnoredInvalid: 2},
		},
		{
			name: "re-arm after an answer",
			acts: []act{
				{arm: "A001", timeout: 30 * s}, {at: s, press: 5},
				{at: 40 * s, arm: "A002", timeout: 30 * s}, {at: 50 * s, press: 4}, {at: 51 * s, press: 4},
			},
			want: []res{
				{"A001", keypad.Answered, 5, s},
				{"A002", keypad.Answered, 4, 50 * s},
			},
			stats: keypad.GateStats{Answered: 2, IgnoredRepeat: 1},
		},
		{
			name:  "take answers to the caller, not to Deliver",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: s, take: 2}, {at: 2 * s, take: 5}, {at: 3 * s, press: 5}},
			want:  []res{{"taken A001", keypad.Answered, 2, s}},
			stats: keypad.GateStats{Answered: 1, IgnoredRepeat: 2},
		},
		{
			name:  "take after the timeout",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: 30 * s, take: 2}},
			want:  []res{{"A001", keypad.NoAnswer, 0, 30 * s}},
			stats: keypad.GateStats{NoAnswer: 1, IgnoredLate: 1},
		},
		{
			name:  "rated elsewhere: disarm only that ref",
			acts:  []act{{arm: "A001", timeout: 30 * s}, {at: s, only: "A000"}, {at: 2 * s, only: "A001"}, {at: 3 * s, press: 4}, {at: 4 * s, take: 4}},
			want:  []res{{"A001", keypad.Cancelled, 0, 2 * s}},
			stats: keypad.GateStats{Cancelled: 1, IgnoredDisarmed: 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				var mu sync.Mutex
				var got []res
				g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) {
					mu.Lock()
					defer mu.Unlock()
					got = append(got, res{r.Ref, r.Outcome, r.Level, r.At.Sub(start)})
				}})
				for _, a := range tc.acts {
					sleepTo(start, a.at)
					switch {
					case a.arm != "":
						if err := g.Arm(a.arm, a.timeout); err != nil {
							t.Fatal(err)
						}
					case a.disarm:
						g.Disarm()
					case a.only != "":
						g.DisarmRef(a.only)
					case a.take != 0:
						r, err := g.Take(a.take)
						if err == nil {
							mu.Lock()
							got = append(got, res{"taken " + r.Ref, r.Outcome, r.Level, r.At.Sub(start)})
							mu.Unlock()
						} else if !errors.Is(err, keypad.ErrNotArmed) {
							t.Errorf("take: %v", err)
						}
					default:
						g.Press(a.press)
					}
				}
				sleepTo(start, tc.acts[len(tc.acts)-1].at+time.Hour) // let every timer run out
				synctest.Wait()
				mu.Lock()
				defer mu.Unlock()
				if !slices.Equal(got, tc.want) {
					t.Errorf("results\n got %v\nwant %v", got, tc.want)
				}
				if st := g.Stats(); st != tc.stats {
					t.Errorf("stats %+v, want %+v", st, tc.stats)
				}
				if ref, ok := g.Armed(); ok {
					t.Errorf("still armed for %q", ref)
				}
			})
		})
	}
}

func TestGatePending(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := keypad.NewGate(keypad.GateConfig{})
		if _, ok := g.Pending(); ok {
			t.Fatal("pending before Arm")
		}
		start := time.Now()
		g.Arm("A001", time.Minute)
		if a, ok := g.Pending(); !ok || a.Ref != "A001" || !a.Deadline.Equal(start.Add(time.Minute)) {
			t.Fatalf("pending %+v %v", a, ok)
		}
		if _, err := g.Take(0); !errors.Is(err, keypad.ErrLevel) {
			t.Fatalf("take 0: %v", err)
		}
		time.Sleep(time.Minute)
		if a, ok := g.Pending(); ok {
			t.Fatalf("pending after the timeout: %+v", a)
		}
	})
}

func TestGateArmErrors(t *testing.T) {
	g := keypad.NewGate(keypad.GateConfig{})
	if err := g.Arm("", time.Second); !errors.Is(err, keypad.ErrRef) {
		t.Errorf("empty ref: %v", err)
	}
	for _, d := range []time.Duration{0, -time.Second} {
		if err := g.Arm("A001", d); !errors.Is(err, keypad.ErrTimeout) {
			t.Errorf("timeout %v: %v", d, err)
		}
	}
	if _, ok := g.Armed(); ok {
		t.Error("armed after failed Arm")
	}
}

// With an injected clock that runs ahead of the timer, a press after the
// deadline still counts as late.
func TestGateInjectedClock(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.Local)
	var got []keypad.Result
	g := keypad.NewGate(keypad.GateConfig{
		Now:     func() time.Time { return now },
		Deliver: func(r keypad.Result) { got = append(got, r) },
	})
	if err := g.Arm("B017", time.Hour); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Hour)
	g.Press(keypad.VerySatisfied)
	want := []keypad.Result{{Ref: "B017", Outcome: keypad.NoAnswer, At: now.Add(-time.Hour), ArmedAt: now.Add(-2 * time.Hour)}}
	if !slices.Equal(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestGateDeliverMayRearm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g *keypad.Gate
		var refs []string
		g = keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) {
			refs = append(refs, r.Ref+" "+r.Outcome.String())
			if r.Ref == "A001" {
				if err := g.Arm("A002", time.Minute); err != nil {
					t.Error(err)
				}
				g.Disarm() // ends A002 from inside Deliver
			}
		}})
		if err := g.Arm("A001", time.Minute); err != nil {
			t.Fatal(err)
		}
		g.Press(keypad.Satisfied)
		want := []string{"A001 answered", "A002 cancelled"}
		if !slices.Equal(refs, want) {
			t.Fatalf("got %v, want %v", refs, want)
		}
	})
}

func TestGateConcurrentPresses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var got []keypad.Result
		g := keypad.NewGate(keypad.GateConfig{Deliver: func(r keypad.Result) { mu.Lock(); got = append(got, r); mu.Unlock() }})
		if err := g.Arm("C003", time.Minute); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() { g.Press(keypad.Level(i%5 + 1)) })
		}
		wg.Wait()
		if len(got) != 1 || got[0].Outcome != keypad.Answered {
			t.Fatalf("got %+v, want one answer", got)
		}
		if st := g.Stats(); st.IgnoredRepeat != 19 {
			t.Fatalf("stats %+v, want 19 repeats", st)
		}
	})
}

func TestLevelString(t *testing.T) {
	for l, want := range map[keypad.Level]string{
		5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意", 0: "Level(0)", 9: "Level(9)",
	} {
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String() = %q, want %q", int(l), got, want)
		}
	}
}

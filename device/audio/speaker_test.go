package audio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/audio"
	"halld/device/audio/audiotest"
)

var mono8k = audio.Format{SampleRate: 8000, Channels: 1}

// tone is n frames of value v: distinct announcements for order checks.
func tone(v int16, n int) []byte {
	b := make([]byte, 2*n)
	for i := range n {
		b[2*i], b[2*i+1] = byte(v), byte(v>>8)
	}
	return b
}

// start makes a Speaker on fake p and runs it until the test ends.
func start(t *testing.T, cfg audio.Config, p audio.Player) (*audio.Speaker, context.CancelFunc, chan struct{}) {
	t.Helper()
	s, err := audio.New(cfg, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { s.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	return s, cancel, stopped
}

// TestNoOverlapInOrder: a slow player; three announcements queued at once are
// played one at a time, in order, each only after the previous finished.
func TestNoOverlapInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &audiotest.Player{Hold: make(chan struct{}), Started: make(chan int)}
		s, _, _ := start(t, audio.Config{}, p)
		pcms := [][]byte{tone(1, 80), tone(2, 160), tone(3, 8)}
		for _, pcm := range pcms {
			if err := s.Enqueue(mono8k, pcm); err != nil {
				t.Fatal(err)
			}
		}
		for i := range pcms {
			if n := <-p.Started; n != i {
				t.Fatalf("started play %d, want %d", n, i)
			}
			synctest.Wait() // everything else is blocked: nothing else may start
			if got := len(p.Calls()); got != i+1 {
				t.Fatalf("%d plays begun while play %d is running", got, i)
			}
			if p.Active() != 1 {
				t.Fatalf("%d plays active", p.Active())
			}
			p.Hold <- struct{}{}
		}
		synctest.Wait()
		for i, c := range p.Calls() {
			if c.Format != mono8k || !bytes.Equal(c.PCM, pcms[i]) {
				t.Errorf("play %d: %v %d bytes, want announcement %d", i, c.Format, len(c.PCM), i)
			}
		}
		if p.MaxConcurrent() != 1 {
			t.Errorf("MaxConcurrent = %d", p.MaxConcurrent())
		}
	})
}

// TestPlayFromManyGoroutines: concurrent callers never overlap and all get
// their result.
func TestPlayFromManyGoroutines(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &audiotest.Player{Fail: func(n int) error {
			if n == 3 {
				return errors.New("underrun")
			}
			return nil
		}}
		s, _, _ := start(t, audio.Config{}, p)
		errs := make(chan error, 8)
		for i := range 8 {
			go func() { errs <- s.Play(context.Background(), mono8k, tone(int16(i), 10)) }()
		}
		failed := 0
		for range 8 {
			if err := <-errs; err != nil {
				failed++
			}
		}
		if failed != 1 || len(p.Calls()) != 8 || p.MaxConcurrent() != 1 {
			t.Errorf("failed %d, plays %d, max concurrent %d; want 1, 8, 1", failed, len(p.Calls()), p.MaxConcurrent())
		}
	})
}

func TestFailureDoesNotStopQueue(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("card unplugged")
		p := &audiotest.Player{Fail: func(n int) error {
			if n == 0 {
				return boom
			}
			return nil
		}}
		s, _, _ := start(t, audio.Config{}, p)
		ctx := context.Background()
		if err := s.Play(ctx, mono8k, tone(1, 8)); !errors.Is(err, boom) {
			t.Errorf("first: err = %v, want %v", err, boom)
		}
		if err := s.Play(ctx, mono8k, tone(2, 8)); err != nil {
			t.Errorf("second: %v", err)
		}
	})
}

func TestVolumeAndRepeats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &audiotest.Player{}
		cfg := audio.Config{Volume: 2, Repeats: 2, RepeatPause: time.Millisecond}
		s, _, _ := start(t, cfg, p)
		stereo := audio.Format{SampleRate: 2000, Channels: 2}        // 1 ms = 2 frames = 8 bytes
		in := []byte{0x10, 0x00, 0xF0, 0xFF, 0x00, 0x60, 0x00, 0xA0} // 16, -16, 24576, -24576
		if err := s.Play(context.Background(), stereo, in); err != nil {
			t.Fatal(err)
		}
		loud := []byte{0x20, 0x00, 0xE0, 0xFF, 0xFF, 0x7F, 0x00, 0x80} // 32, -32, clamped
		want := append(append(append([]byte{}, loud...), make([]byte, 8)...), loud...)
		calls := p.Calls()
		if len(calls) != 1 || calls[0].Format != stereo || !bytes.Equal(calls[0].PCM, want) {
			t.Fatalf("played %+v, want % x", calls, want)
		}
		if in[4] != 0x00 || in[5] != 0x60 {
			t.Error("the caller's PCM was modified")
		}
	})
}

// TestTimeout: a player that never returns is stopped after the sound's
// duration plus PlaySlack, and the queue moves on.
func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &audiotest.Player{Hold: make(chan struct{})} // never released
		s, _, _ := start(t, audio.Config{PlaySlack: 2 * time.Second}, p)
		t0 := time.Now()
		err := s.Play(context.Background(), mono8k, tone(1, 8000)) // 1 s of sound
		if !errors.Is(err, audio.ErrTimeout) {
			t.Fatalf("err = %v, want ErrTimeout", err)
		}
		if d := time.Since(t0); d != 3*time.Second {
			t.Errorf("gave up after %v, want 3s", d)
		}
	})
}

func TestQueueFullAndStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := &audiotest.Player{Hold: make(chan struct{}), Started: make(chan int, 4)}
		s, cancel, stopped := start(t, audio.Config{QueueSize: 1}, p)
		playing := make(chan error, 1)
		go func() { playing <- s.Play(context.Background(), mono8k, tone(1, 8)) }()
		<-p.Started
		queued := make(chan error, 1)
		go func() { queued <- s.Play(context.Background(), mono8k, tone(2, 8)) }()
		synctest.Wait()
		if err := s.Enqueue(mono8k, tone(3, 8)); !errors.Is(err, audio.ErrQueueFull) {
			t.Errorf("third: err = %v, want ErrQueueFull", err)
		}
		cancel()
		<-stopped
		if err := <-playing; !errors.Is(err, audio.ErrClosed) {
			t.Errorf("playing: err = %v, want ErrClosed", err)
		}
		if err := <-queued; !errors.Is(err, audio.ErrClosed) {
			t.Errorf("queued: err = %v, want ErrClosed", err)
		}
		if err := s.Enqueue(mono8k, tone(4, 8)); !errors.Is(err, audio.ErrClosed) {
			t.Errorf("after stop: err = %v, want ErrClosed", err)
		}
		if len(p.Calls()) != 1 {
			t.Errorf("%d plays, want 1", len(p.Calls()))
		}
	})
}

func TestRefusesBadInput(t *testing.T) {
	s, err := audio.New(audio.Config{}, &audiotest.Player{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    audio.Format
		pcm  []byte
	}{
		{"empty", mono8k, nil},
		{"half a frame", audio.Format{SampleRate: 8000, Channels: 2}, []byte{1, 2}},
		{"odd bytes", mono8k, []byte{1, 2, 3}},
		{"no rate", audio.Format{Channels: 1}, tone(1, 4)},
		{"no channels", audio.Format{SampleRate: 8000}, tone(1, 4)},
	}
	for _, tt := range tests {
		if err := s.Enqueue(tt.f, tt.pcm); !errors.Is(err, audio.ErrBadPCM) {
			t.Errorf("%s: err = %v, want ErrBadPCM", tt.name, err)
		}
	}
	for _, cfg := range []audio.Config{
		{Volume: -1}, {Volume: 5}, {Repeats: -1}, {Repeats: 11}, {RepeatPause: -time.Second},
		{QueueSize: -1}, {PlaySlack: -1}, {Command: []string{}}, {Command: []string{""}},
	} {
		if _, err := audio.New(cfg, nil, nil); !errors.Is(err, audio.ErrConfig) {
			t.Errorf("New(%+v): err = %v, want ErrConfig", cfg, err)
		}
	}
}

func ExampleSpeaker() {
	// A real hall passes nil to get aplay; the fake stands in for the card.
	player := &audiotest.Player{}
	s, err := audio.New(audio.Config{Device: "plughw:CARD=Headphones", Volume: 0.8}, player, nil)
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)

	f := audio.Format{SampleRate: 16000, Channels: 1}
	pcm := make([]byte, 2*16000) // one second of silence
	if err := s.Play(ctx, f, pcm); err != nil {
		fmt.Println("not played:", err)
		return
	}
	fmt.Println(len(player.Calls()), "announcement,", f.Duration(len(player.Calls()[0].PCM)))
	// Output: 1 announcement, 1s
}

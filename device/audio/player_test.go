package audio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"halld/device/audio"
)

// TestMain lets the test binary stand in for aplay: with FAKE_APLAY_OUT set
// it writes its arguments and the PCM read from stdin to that file, like a
// sound card that records what it is sent, and exits with FAKE_APLAY_EXIT.
func TestMain(m *testing.M) {
	if out := os.Getenv("FAKE_APLAY_OUT"); out != "" {
		pcm, _ := io.ReadAll(os.Stdin)
		rec := strings.Join(os.Args[1:], " ") + "\n" + string(pcm)
		if err := os.WriteFile(out, []byte(rec), 0o644); err != nil {
			os.Exit(3)
		}
		if os.Getenv("FAKE_APLAY_EXIT") != "" {
			fmt.Fprintln(os.Stderr, "aplay: main:831: audio open error: Device or resource busy")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestCommandPlayerArgs(t *testing.T) {
	f := audio.Format{SampleRate: 16000, Channels: 1}
	tests := []struct {
		name   string
		player audio.CommandPlayer
		want   string
	}{
		{"default device", audio.CommandPlayer{}, "aplay -q -t raw -f S16_LE -c 1 -r 16000 -"},
		{"ALSA device", audio.CommandPlayer{Device: "plughw:CARD=Headphones"},
			"aplay -q -t raw -f S16_LE -c 1 -r 16000 --device=plughw:CARD=Headphones -"},
		{"custom command", audio.CommandPlayer{Device: "hw:1,0", Command: []string{"paplay", "--raw", "--rate={rate}", "--channels={channels}", "-d", "x{device}"}},
			"paplay --raw --rate=16000 --channels=1 -d xhw:1,0"},
	}
	for _, tt := range tests {
		if got := strings.Join(tt.player.Args(f), " "); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// fakeAplay points a speaker's command at the test binary acting as aplay.
func fakeAplay(t *testing.T, fail bool) (cmd []string, out string) {
	out = filepath.Join(t.TempDir(), "played")
	t.Setenv("FAKE_APLAY_OUT", out)
	t.Setenv("GORACE", "atexit_sleep_ms=0") // a -race child would idle 1 s at exit
	if fail {
		t.Setenv("FAKE_APLAY_EXIT", "1")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd = slices.Clone(audio.DefaultCommand)
	cmd[0] = exe
	return cmd, out
}

// TestCommandPlayerPipesPCM runs a real process through the default aplay
// command line and checks what it received.
func TestCommandPlayerPipesPCM(t *testing.T) {
	cmd, out := fakeAplay(t, false)
	s, err := audio.New(audio.Config{Device: "plughw:CARD=Device", Command: cmd, Volume: 0.5}, nil, nil)
	if err != nil || s.Err() != nil {
		t.Fatal(err, s.Err())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	stereo := audio.Format{SampleRate: 22050, Channels: 2}
	if err := s.Play(ctx, stereo, []byte{0x00, 0x10, 0x00, 0xF0}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "-q -t raw -f S16_LE -c 2 -r 22050 --device=plughw:CARD=Device -\n\x00\x08\x00\xF8"
	if string(got) != want {
		t.Errorf("player got %q, want %q", got, want)
	}
}

func TestCommandPlayerFails(t *testing.T) {
	cmd, _ := fakeAplay(t, true)
	p := &audio.CommandPlayer{Command: cmd}
	err := p.Play(context.Background(), audio.Format{SampleRate: 8000, Channels: 1}, []byte{1, 2})
	if !errors.Is(err, audio.ErrPlayer) || !strings.Contains(err.Error(), "Device or resource busy") {
		t.Errorf("err = %v, want ErrPlayer with aplay's message", err)
	}
}

// TestMissingPlayer: no aplay is degraded mode, not a crash.
func TestMissingPlayer(t *testing.T) {
	for _, name := range []string{"/nonexistent/bin/aplay", "halld-no-such-player"} {
		s, err := audio.New(audio.Config{Command: []string{name, "-"}}, nil, nil)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		if !errors.Is(s.Err(), audio.ErrNoPlayer) {
			t.Errorf("%s: Err() = %v, want ErrNoPlayer", name, s.Err())
		}
		if err := s.Enqueue(audio.Format{SampleRate: 8000, Channels: 1}, []byte{0, 0}); !errors.Is(err, audio.ErrNoPlayer) {
			t.Errorf("%s: Enqueue err = %v, want ErrNoPlayer", name, err)
		}
		p := &audio.CommandPlayer{Command: []string{name}}
		if err := p.Play(context.Background(), audio.Format{SampleRate: 8000, Channels: 1}, []byte{0, 0}); !errors.Is(err, audio.ErrNoPlayer) {
			t.Errorf("%s: Play err = %v, want ErrNoPlayer", name, err)
		}
	}
}

func TestCommandPlayerKilledOnCancel(t *testing.T) {
	// "sleep" stands in for a player stuck on a busy card; it ignores stdin.
	p := &audio.CommandPlayer{Command: []string{"sleep", "60"}}
	if p.Check() != nil {
		t.Skip("no sleep binary")
	}
	// The deadline lets the process start; Play must then kill it, not wait
	// the minute out.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := p.Play(ctx, audio.Format{SampleRate: 8000, Channels: 1}, bytes.Repeat([]byte{0}, 16))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}

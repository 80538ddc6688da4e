package ledsim

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"

	"halld/device/led/bx"
	"halld/device/led/textproto"
)

// exchange writes frame and returns the simulator's answer (nil if none).
func exchange(t *testing.T, s *Sim, frame []byte) []byte {
	t.Helper()
	if _, err := s.Write(frame); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	out := s.out
	s.out = nil
	s.mu.Unlock()
	return out
}

func TestBXCard(t *testing.T) {
	s := New()
	s.AddBX(1)
	s.AddBX(2)
	s.SetDead(2, true)
	p, _ := bx.New(bx.DefaultConfig())
	show, _ := p.Encode(1, []string{"A001", "请到1号窗口"})
	ping, _ := bx.Ping(1).MarshalBinary()
	clear, _ := bx.Clear(1).MarshalBinary()
	odd, _ := bx.Request(1, 0xA4, 0x77, nil).MarshalBinary()
	toDead, _ := p.Encode(2, []string{"X"})
	tests := []struct {
		name  string
		frame []byte
		reply error // nil: success; io.EOF: no reply
		lines []string
	}{
		{"ping", ping, nil, nil},
		{"show", show, nil, []string{"A001", "请到1号窗口"}},
		{"unknown command", odd, bx.ErrNoCommand, []string{"A001", "请到1号窗口"}},
		{"clear", clear, nil, nil},
		{"dead board", toDead, io.EOF, nil},
	}
	for _, tt := range tests {
		out := exchange(t, s, tt.frame)
		if tt.reply == io.EOF {
			if out != nil {
				t.Errorf("%s: dead board answered % X", tt.name, out)
			}
			continue
		}
		f, err := bx.Parse(out)
		if err != nil {
			t.Fatalf("%s: reply % X: %v", tt.name, out, err)
		}
		if f.Src != 1 || f.Dst != bx.HostAddr || !errors.Is(f.Err(), tt.reply) || (tt.reply == nil) != (f.Err() == nil) {
			t.Errorf("%s: reply %+v", tt.name, f)
		}
		if d, _ := s.Display(1); !slices.Equal(d.Lines, tt.lines) {
			t.Errorf("%s: shows %q, want %q", tt.name, d.Lines, tt.lines)
		}
	}
	if d, _ := s.Display(2); d.Frames != 0 {
		t.Errorf("dead board accepted %d frames", d.Frames)
	}
}

func TestTextBoards(t *testing.T) {
	s := New()
	s.AddText(3, textproto.StripScreen())
	s.AddText(4, textproto.AtText())
	a, _ := textproto.StripScreen().Encode(3, []string{"A001"})
	b, _ := textproto.AtText().Encode(4, []string{"请B002号"})
	wrongFormat, _ := textproto.AtText().Encode(3, []string{"X"})
	stream := slices.Concat([]byte{0x00, 0xFF}, a, wrongFormat, b)
	for i := range stream { // byte by byte, as a slow line delivers it
		if out := exchange(t, s, stream[i:i+1]); out != nil {
			t.Fatalf("text board answered % X", out)
		}
	}
	want := map[uint16][]string{3: {"A001"}, 4: {"请B002号"}}
	for addr, lines := range want {
		if d, _ := s.Display(addr); !slices.Equal(d.Lines, lines) || d.Frames != 1 {
			t.Errorf("board %d: %+v, want %q", addr, d, lines)
		}
	}
}

type pipeEnd struct {
	io.Reader
	io.Writer
}

func TestServe(t *testing.T) {
	s := New()
	s.AddBX(1)
	ping, _ := bx.Ping(1).MarshalBinary()
	var answers bytes.Buffer
	err := s.Serve(pipeEnd{bytes.NewReader(ping), &answers})
	if err != io.EOF {
		t.Fatalf("Serve() = %v, want io.EOF at the end of input", err)
	}
	if f, err := bx.Parse(answers.Bytes()); err != nil || f.Cmd != bx.CmdPing || f.Err() != nil {
		t.Fatalf("answer %+v, %v", f, err)
	}
}

func TestCloseEndsRead(t *testing.T) {
	s := New()
	done := make(chan error)
	go func() {
		_, err := s.Read(make([]byte, 8))
		done <- err
	}()
	s.Close()
	if err := <-done; err != io.EOF {
		t.Fatalf("Read after Close = %v", err)
	}
	if _, err := s.Write([]byte{1}); err == nil {
		t.Fatal("Write after Close succeeded")
	}
}

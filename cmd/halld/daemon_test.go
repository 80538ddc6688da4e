package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// daemon is halld run in-process by run(), as the README's command runs it.
type daemon struct {
	base string
}

// startDaemon runs the demo hall on a free loopback port with a fresh data
// directory, and stops it (gracefully) when the test ends.
func startDaemon(t *testing.T, args ...string) *daemon {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	args = append([]string{"-listen", "127.0.0.1:0", "-data", t.TempDir()}, args...)
	go func() { done <- run(ctx, args, nil, pw, io.Discard); pw.Close() }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("halld did not start: %v (%v)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	base, _ := strings.CutPrefix(strings.TrimSpace(line), "halld: listening on ")
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("halld stopped with %v", err)
		}
	})
	return &daemon{base: base}
}

// post sends a JSON request and decodes the answer; it fails the test on
// transport errors only.
func (d *daemon) post(t *testing.T, path, token, body string) (int, map[string]any) {
	t.Helper()
	st, m, err := post(d.base, path, token, body)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return st, m
}

func (d *daemon) get(t *testing.T, path string, v any) {
	t.Helper()
	d.getAuth(t, path, "", v)
}

// getAuth is get with a bearer token ("" for none).
func (d *daemon) getAuth(t *testing.T, path, token string, v any) {
	t.Helper()
	req, err := http.NewRequest("GET", d.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func decodeJSON(t *testing.T, r io.Reader, v any) {
	t.Helper()
	if err := json.NewDecoder(r).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func timeMS(ms int) time.Duration { return time.Duration(ms) * time.Millisecond }

func getAuth(t *testing.T, url, token string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	decodeJSON(t, resp.Body, v)
}

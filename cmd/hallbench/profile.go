package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

// freeLoopback returns a loopback address nobody listens on right now, for
// halld's -debug-listen.
func freeLoopback() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// cpuProfile asks halld's profiler for d of CPU profile and writes it to
// path; it returns when the profile is written (or failed).
func cpuProfile(ctx context.Context, debugAddr string, d time.Duration, path string) error {
	secs := max(1, int(d/time.Second))
	return saveProfile(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", debugAddr, secs), path)
}

// heapProfile saves halld's heap profile, as text with the runtime's
// memory statistics (debug=1), to path.
func heapProfile(ctx context.Context, debugAddr, path string) error {
	return saveProfile(ctx, fmt.Sprintf("http://%s/debug/pprof/heap?debug=1", debugAddr), path)
}

func saveProfile(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("profile: %s: %s", resp.Status, msg)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("profile: %w", err)
	}
	return f.Close()
}

package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"halld/internal/httpjson"
)

// Issue 15, attack 1 over HTTP: a burst of parallel wrong PINs for the
// admin from one address. Each guess must be counted before the slow hash,
// so at most five reach it; the rest, and then the right PIN, are refused
// with login_locked and a Retry-After.
func TestLoginBruteForceParallel(t *testing.T) {
	v := newEnv(t)
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			req, _ := http.NewRequest("POST", v.ts.URL+"/api/v1/login", strings.NewReader(fmt.Sprintf(`{"staff":"admin","pin":"%06d"}`, 100000+i)))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var b httpjson.ErrorBody
			jsonDecode(resp.Body, &b)
			mu.Lock()
			codes[b.Error.Code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes["bad_credentials"] > 5 {
		t.Errorf("%d guesses reached the PIN check, want at most 5 (%v)", codes["bad_credentials"], codes)
	}
	req, _ := http.NewRequest("POST", v.ts.URL+"/api/v1/login", strings.NewReader(`{"staff":"admin","pin":"1234"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ra, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusForbidden || ra < 1 {
		t.Errorf("right PIN after the burst: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// Failed logins write at most a burst of lines a minute; the next line
// says how many were left out.
func TestRefusalLogIsRateLimited(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	l := newRefusalLog(slog.New(slog.NewTextHandler(&buf, nil)), func() time.Time { return now }, 3)
	for range 10_000 {
		l.Info("login refused", "staff", "admin")
	}
	if n := strings.Count(buf.String(), "\n"); n != 3 {
		t.Fatalf("%d lines for 10,000 refusals in a minute, want 3", n)
	}
	now = now.Add(time.Minute)
	l.Info("login refused", "staff", "admin")
	if !strings.Contains(buf.String(), "suppressed_before=9997") {
		t.Errorf("the next minute's line does not count the dropped ones:\n%s", buf.String())
	}
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }

// Issue 15, attack 2: a stranger's wrong PINs lock the stranger's address,
// not the clerk at their own terminal.
func TestStrangerCannotLockOutAClerk(t *testing.T) {
	v := newEnv(t)
	const clerk, stranger = "10.0.0.3:4000", "203.0.113.7:5000"
	if st, _, c := v.send(clerk, "/api/v1/login", "application/json", "", `{"staff":"w3","pin":"1234","window":3}`); st != 200 {
		t.Fatalf("clerk's first login: %d %s", st, c)
	}
	for range 12 {
		v.send(stranger, "/api/v1/login", "application/json", "", `{"staff":"w3","pin":"000000","window":3}`)
	}
	if st, _, c := v.send(stranger, "/api/v1/login", "application/json", "", `{"staff":"w3","pin":"1234","window":3}`); st != 403 || c != "login_locked" {
		t.Errorf("the stranger with the right PIN: %d %s", st, c)
	}
	if st, _, c := v.send(clerk, "/api/v1/login", "application/json", "", `{"staff":"w3","pin":"1234","window":3}`); st != 200 {
		t.Errorf("the clerk at their terminal: %d %s", st, c)
	}
}

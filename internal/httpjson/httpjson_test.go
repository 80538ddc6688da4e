package httpjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/queue"
)

func decodeErr(t *testing.T, rec *httptest.ResponseRecorder) ErrorBody {
	t.Helper()
	var b ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("answer %q is not the error shape: %v", rec.Body, err)
	}
	return b
}

func TestDecode(t *testing.T) {
	type req struct {
		Service string `json:"service"`
	}
	for _, c := range []struct {
		name, ctype, body string
		ok                bool
		status            int
		code              string
		want              string
	}{
		{"object", "application/json", `{"service":"A"}`, true, 200, "", "A"},
		{"charset allowed", "application/json; charset=utf-8", `{"service":"B"}`, true, 200, "", "B"},
		{"empty body, no type", "", ``, true, 200, "", "keep"},
		{"empty body, json", "application/json", ``, true, 200, "", "keep"},
		{"unknown field", "application/json", `{"servce":"A"}`, false, 400, "bad_json", "keep"},
		{"trailing data", "application/json", `{"service":"A"}{}`, false, 400, "bad_json", "A"},
		{"not json", "application/json", `service=A`, false, 400, "bad_json", "keep"},
		{"text/plain", "text/plain", `{"service":"A"}`, false, 415, "unsupported_media_type", "keep"},
		{"untyped body", "", `{"service":"A"}`, false, 415, "unsupported_media_type", "keep"},
		{"too large", "application/json", `{"service":"` + strings.Repeat("x", MaxBody) + `"}`, false, 413, "too_large", "keep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/x", strings.NewReader(c.body))
			if c.ctype != "" {
				r.Header.Set("Content-Type", c.ctype)
			}
			rec := httptest.NewRecorder()
			v := req{Service: "keep"}
			if got := Decode(rec, r, &v); got != c.ok {
				t.Fatalf("Decode = %v, want %v (answer %s)", got, c.ok, rec.Body)
			}
			if rec.Code != c.status {
				t.Errorf("status %d, want %d", rec.Code, c.status)
			}
			if c.ok {
				if rec.Body.Len() != 0 {
					t.Errorf("Decode answered %q on success", rec.Body)
				}
				if v.Service != c.want {
					t.Errorf("service %q, want %q", v.Service, c.want)
				}
				return
			}
			if b := decodeErr(t, rec); b.Error.Code != c.code || b.Error.Message == "" {
				t.Errorf("answer %+v, want code %q and a message", b, c.code)
			}
		})
	}
}

func TestFail(t *testing.T) {
	for _, c := range []struct {
		name       string
		err        error
		status     int
		code       string
		retryAfter string
		logged     bool
	}{
		{"bad input", &queue.Error{Kind: queue.ErrBadInput, Code: "unknown_service", Message: "没有这项业务"}, 400, "unknown_service", "", false},
		{"not found", &queue.Error{Kind: queue.ErrNotFound, Code: "no_ticket", Message: "x"}, 404, "no_ticket", "", false},
		{"conflict", &queue.Error{Kind: queue.ErrConflict, Code: "cap_reached", Message: "x"}, 409, "cap_reached", "", false},
		{"auth", &queue.Error{Kind: queue.ErrAuth, Code: "bad_token", Message: "x"}, 401, "bad_token", "", false},
		{"forbidden", &queue.Error{Kind: queue.ErrForbidden, Code: "admin_only", Message: "x"}, 403, "admin_only", "", false},
		{"busy, rounded up", &queue.Error{Kind: queue.ErrUnavailable, Code: "busy", Message: "x", RetryAfter: 1500 * time.Millisecond}, 503, "busy", "2", false},
		{"wrapped refusal", fmt.Errorf("issue: %w", &queue.Error{Kind: queue.ErrConflict, Code: "closed", Message: "x"}), 409, "closed", "", false},
		{"closed", fmt.Errorf("x: %w", queue.ErrClosed), 503, "shutting_down", "", false},
		{"corrupt", fmt.Errorf("read: %w", queue.ErrCorrupt), 500, "database_damaged", "", true},
		{"anything else", errors.New("disk on fire"), 500, "internal", "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			rec := httptest.NewRecorder()
			Fail(rec, httptest.NewRequest("GET", "/api/v1/x", nil), log, c.err)
			if rec.Code != c.status {
				t.Errorf("status %d, want %d", rec.Code, c.status)
			}
			if got := rec.Header().Get("Retry-After"); got != c.retryAfter {
				t.Errorf("Retry-After %q, want %q", got, c.retryAfter)
			}
			b := decodeErr(t, rec)
			if b.Error.Code != c.code || b.Error.Message == "" {
				t.Errorf("answer %+v, want code %q and a message", b, c.code)
			}
			if strings.Contains(rec.Body.String(), "disk on fire") {
				t.Errorf("internal detail reached the client: %s", rec.Body)
			}
			if got := logs.Len() > 0; got != c.logged {
				t.Errorf("logged = %v, want %v: %s", got, c.logged, logs.String())
			}
		})
	}
}

func TestBearer(t *testing.T) {
	for h, want := range map[string]string{
		"":               "",
		"Bearer abc":     "abc",
		"Bearer  abc ":   "abc",
		"bearer abc":     "",
		"Basic dXNlcjpw": "",
		"Bearerabc":      "",
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		if got := Bearer(r); got != want {
			t.Errorf("Bearer(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestWriteJSONIsNeverCached(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteJSON(rec, http.StatusCreated, map[string]int{"n": 1})
	if rec.Code != 201 || rec.Header().Get("Cache-Control") != "no-store" ||
		rec.Header().Get("Content-Type") != "application/json; charset=utf-8" || rec.Body.String() != "{\"n\":1}\n" {
		t.Errorf("got %d %v %q", rec.Code, rec.Header(), rec.Body)
	}
}

func ExampleDecode() {
	h := func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Window int `json:"window"`
		}
		if !Decode(w, r, &req) {
			return // already answered: 400, 413 or 415
		}
		WriteJSON(w, http.StatusOK, map[string]int{"window": req.Window})
	}
	for _, body := range []string{`{"window":3}`, `{"windw":3}`} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h(rec, r)
		out, _ := io.ReadAll(rec.Body)
		fmt.Printf("%d %s", rec.Code, out)
	}
	// Output:
	// 200 {"window":3}
	// 400 {"error":{"code":"bad_json","message":"请求格式错误：json: unknown field \"windw\""}}
}

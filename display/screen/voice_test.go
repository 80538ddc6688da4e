package screen

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halld/display/voice"
)

// serve answers one request with a Screen registered on a fresh mux.
func serve(t *testing.T, s *Screen, target string, hdr ...string) *http.Response {
	t.Helper()
	mux := http.NewServeMux()
	s.Register(mux)
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCallWAV(t *testing.T) {
	def, err := voice.DefaultPack()
	if err != nil {
		t.Fatal(err)
	}
	stereo := tonePack(t, voice.Format{SampleRate: 22050, Channels: 2}, 30*time.Millisecond)
	quick := voice.Timing{ClipGap: 10 * time.Millisecond, ChimeGap: 100 * time.Millisecond, RepeatPause: 200 * time.Millisecond, Repeats: 1}
	tests := []struct {
		name   string
		opt    Options
		pack   *voice.Pack
		timing voice.Timing // what the WAV must have been rendered with
		number string
		window int
	}{
		{"default pack and timing (twice)", Options{}, def, voice.DefaultTiming, "A001", 3},
		{"two letters, six digits, window 9999", Options{}, def, voice.DefaultTiming, "AB123456", 9999},
		{"zero timing repeats", Options{Timing: voice.Timing{ChimeGap: time.Second}}, def, voice.Timing{ChimeGap: time.Second, Repeats: 2}, "B10", 12},
		{"hall's own pack, once", Options{Pack: stereo, Timing: quick}, stereo, quick, "F9", 1010},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			r := serve(t, s, "/api/v1/voice/call.wav?number="+tt.number+"&window="+itoa(tt.window))
			b := body(t, r)
			if r.StatusCode != 200 || r.Header.Get("Content-Type") != "audio/wav" {
				t.Fatalf("status %d, type %q: %s", r.StatusCode, r.Header.Get("Content-Type"), b)
			}
			f, pcm, err := voice.ReadWAV(b)
			if err != nil {
				t.Fatal(err)
			}
			if f != tt.pack.Format() {
				t.Errorf("format %v, want the pack's %v", f, tt.pack.Format())
			}
			want, err := tt.pack.CallPCM(tt.number, tt.window, tt.timing)
			if err != nil {
				t.Fatal(err)
			}
			if len(pcm) != len(want) || string(pcm) != string(want) {
				t.Errorf("PCM is %d bytes (%v), want %d (%v) as CallPCM renders it",
					len(pcm), f.Duration(len(pcm)), len(want), f.Duration(len(want)))
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestCallWAVRefuses(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ query, code string }{
		{"", "bad_number"},
		{"window=3", "bad_number"},
		{"number=A001", "bad_window"},
		{"number=a001&window=3", "bad_number"},
		{"number=ABC001&window=3", "bad_number"},
		{"number=A&window=3", "bad_number"},
		{"number=001&window=3", "bad_number"},
		{"number=A1234567&window=3", "bad_number"},
		{"number=A-01&window=3", "bad_number"},
		{"number=A%C3%9801&window=3", "bad_number"},
		{"number=A001%20&window=3", "bad_number"},
		{"number=A001&number=A002&window=3", "bad_number"},
		{"number=A001&window=0", "bad_window"},
		{"number=A001&window=10000", "bad_window"},
		{"number=A001&window=03", "bad_window"},
		{"number=A001&window=%2B3", "bad_window"},
		{"number=A001&window=-3", "bad_window"},
		{"number=A001&window=3.0", "bad_window"},
		{"number=A001&window=", "bad_window"},
		{"number=A001&window=3&window=4", "bad_window"},
		{"number=A001&window=3&lang=en", "bad_query"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := serve(t, s, "/api/v1/voice/call.wav?"+tt.query)
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(body(t, r), &e); err != nil {
				t.Fatal(err)
			}
			if r.StatusCode != 400 || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("got %d %+v, want 400 %s with a message", r.StatusCode, e.Error, tt.code)
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", r.Header.Get("Content-Type"))
			}
		})
	}
	if n := s.cache.len(); n != 0 {
		t.Errorf("refused requests left %d cache entries", n)
	}
}

// A pack without a letter is a hall's configuration problem: 500, logged,
// with the API's error shape.
func TestCallWAVMissingLetter(t *testing.T) {
	s, err := New(Options{Pack: tonePackLetters(t, voice.Format{SampleRate: 8000, Channels: 1}, 20*time.Millisecond, "BC")})
	if err != nil {
		t.Fatal(err)
	}
	r := serve(t, s, "/api/v1/voice/call.wav?number=A001&window=3")
	if b := body(t, r); r.StatusCode != 500 || !strings.Contains(string(b), `"voice_missing_clip"`) {
		t.Errorf("got %d %s", r.StatusCode, b)
	}
}

func TestCallWAVCacheBound(t *testing.T) {
	s, err := New(Options{CacheSize: 3, Pack: tonePack(t, voice.Format{SampleRate: 8000, Channels: 1}, 20*time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	get := func(number string) []byte {
		t.Helper()
		r := serve(t, s, "/api/v1/voice/call.wav?number="+number+"&window=3")
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", number, r.StatusCode)
		}
		return body(t, r)
	}
	first := get("A1")
	get("A2")
	get("A3")
	if again := get("A1"); string(again) != string(first) { // A1 is now the most recent
		t.Error("a cached call differs from its first rendering")
	}
	get("A4") // evicts A2, the least recently used
	get("A5") // evicts A3
	if n := s.cache.len(); n != 3 {
		t.Errorf("cache holds %d calls, want its bound 3", n)
	}
	for key, want := range map[string]bool{"A1@3": true, "A2@3": false, "A3@3": false, "A4@3": true, "A5@3": true} {
		if _, ok := s.cache.get(key); ok != want {
			t.Errorf("cache has %s: %v, want %v", key, ok, want)
		}
	}
	for i := range 50 {
		get("B" + itoa(i))
	}
	if n := s.cache.len(); n != 3 {
		t.Errorf("after 50 more calls the cache holds %d, want 3", n)
	}
}

// Browsers revalidate and ask for ranges; both are answered.
func TestCallWAVConditionalAndRange(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	const u = "/api/v1/voice/call.wav?number=A001&window=3"
	r := serve(t, s, u)
	full := body(t, r)
	tag := r.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	if r := serve(t, s, u, "If-None-Match", tag); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", r.StatusCode)
	}
	r = serve(t, s, u, "Range", "bytes=0-43")
	if b := body(t, r); r.StatusCode != http.StatusPartialContent || string(b) != string(full[:44]) {
		t.Errorf("range: %d, %d bytes", r.StatusCode, len(b))
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"too many repeats", Options{Timing: voice.Timing{Repeats: 11}}},
		{"negative gap", Options{Timing: voice.Timing{ClipGap: -time.Millisecond}}},
		{"negative cache", Options{CacheSize: -1}},
		{"negative age", Options{AnnounceMaxAge: -time.Second}},
		{"notice too long", Options{Notice: strings.Repeat("请", maxNotice+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opt); !errors.Is(err, ErrBadOptions) {
				t.Errorf("err = %v, want ErrBadOptions", err)
			}
		})
	}
}

func TestConfig(t *testing.T) {
	at := time.Date(2026, 11, 23, 2, 5, 0, 250e6, time.UTC)
	s, err := New(Options{Notice: "午间不休息", Now: func() time.Time { return at },
		Location: time.FixedZone("CST", 8*3600), Timing: voice.Timing{Repeats: 3}})
	if err != nil {
		t.Fatal(err)
	}
	r := serve(t, s, "/screen/config.json")
	want := `{"notice":"午间不休息","now":"2026-11-23T10:05:00.250+08:00","announce_max_age_s":180,"repeats":3}`
	if b := strings.TrimSpace(string(body(t, r))); b != want {
		t.Errorf("config = %s\nwant     %s", b, want)
	}
}

func TestPageServed(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/screen/":             `id="cases"`,
		"/screen/screen.js":    `from "/assets/halld.js"`,
		"/screen/announcer.js": "export class Announcer",
		"/screen/screen.css":   "Noto Sans CJK SC",
	} {
		r := serve(t, s, path)
		if b := body(t, r); r.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, missing %q", path, r.StatusCode, want)
		}
	}
}

// FuzzCallQuery: whatever the query, the endpoint answers 200 with a WAV or
// 400 with the error shape, and every query it accepts can be said.
func FuzzCallQuery(f *testing.F) {
	for _, q := range []string{"number=A001&window=3", "number=AB123456&window=9999", "number=a1&window=0", "window=3&number=Z9", "number=A1&window=3&x"} {
		f.Add(q)
	}
	s, err := New(Options{CacheSize: 4, Pack: tonePack(f, voice.Format{SampleRate: 8000, Channels: 1}, 5*time.Millisecond)})
	if err != nil {
		f.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest("GET", "/api/v1/voice/call.wav", nil)
		req.URL.RawQuery = q
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		switch rec.Code {
		case 200:
			if _, _, err := voice.ReadWAV(rec.Body.Bytes()); err != nil {
				t.Fatalf("%q: %v", q, err)
			}
		case 400:
			if !strings.Contains(rec.Body.String(), `"code":"bad_`) {
				t.Fatalf("%q: %s", q, rec.Body)
			}
		default:
			// This pack says only A–F: 500 for a number with another letter.
			n := req.URL.Query().Get("number")
			if rec.Code != 500 || strings.Trim(n, "ABCDEF0123456789") == "" {
				t.Fatalf("%q: %d %s", q, rec.Code, rec.Body)
			}
		}
	})
}

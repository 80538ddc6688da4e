package screen

import (
	"embed"
	"encoding/json"
	"fmt"

	"log/slog"
	"net/http"
	"time"
	"unicode/utf8"

	"halld/display/voice"
	"halld/internal/pagefs"
)

// Options configure the screen pages and the voice endpoint. The zero value
// serves the default voice pack with voice.DefaultTiming.
type Options struct {
	// Pack is the voice pack the calls are rendered with; nil means
	// voice.DefaultPack(). A hall loads its own recordings with
	// voice.LoadDir.
	Pack *voice.Pack
	// Timing is the silence between the parts of a call and the number of
	// repeats. The zero Timing means voice.DefaultTiming; Repeats 0 means 2.
	Timing voice.Timing
	// CacheSize is how many rendered calls are kept (LRU); 0 means 32.
	CacheSize int
	// Notice is the scrolling line at the bottom; "" means DefaultNotice.
	// A screen's ?notice= overrides it.
	Notice string
	// AnnounceMaxAge: a call is announced only if it is at most this old
	// when the screen receives it (it catches up after a reconnect); 0
	// means 3 minutes.
	AnnounceMaxAge time.Duration
	// Now is the clock the pages set theirs by; nil means time.Now. Give it
	// the queue engine's clock, since events carry the engine's times.
	Now func() time.Time
	// Location is the hall's time zone (hall.Hall.Location), in which the
	// page shows the date and time whatever the screen computer's zone;
	// nil means time.Local.
	Location *time.Location
	// Logger receives render failures; nil discards.
	Logger *slog.Logger
}

// DefaultNotice is the scrolling line when Options.Notice is empty.
const DefaultNotice = "请留意叫号信息，叫到您的号码时请前往相应窗口办理；办事请携带身份证件及相关材料。"

// maxNotice bounds the notice so a mistaken config cannot flood the page.
const maxNotice = 2000

// Screen serves the big-screen page and the voice endpoint.
type Screen struct {
	pack   *voice.Pack
	timing voice.Timing
	cache  *wavCache
	notice string
	maxAge time.Duration
	now    func() time.Time
	loc    *time.Location
	log    *slog.Logger
}

// New checks opt and returns a Screen. The timing is tried once on a call
// so that a bad setting stops halld at start rather than silencing the hall.
func New(opt Options) (*Screen, error) {
	s := &Screen{pack: opt.Pack, timing: opt.Timing, notice: opt.Notice, maxAge: opt.AnnounceMaxAge, now: opt.Now, loc: opt.Location, log: opt.Logger}
	if s.pack == nil {
		p, err := voice.DefaultPack()
		if err != nil {
			return nil, fmt.Errorf("screen: default voice pack: %w", err)
		}
		s.pack = p
	}
	if s.timing == (voice.Timing{}) {
		s.timing = voice.DefaultTiming
	}
	if s.timing.Repeats == 0 {
		s.timing.Repeats = 2 // as voice does; said here for config.json
	}
	if _, err := s.pack.CallPCM("1", 1, s.timing); err != nil {
		return nil, fmt.Errorf("%w: voice timing: %w", ErrBadOptions, err)
	}
	size := opt.CacheSize
	switch {
	case size == 0:
		size = 32
	case size < 0:
		return nil, fmt.Errorf("%w: cache size %d", ErrBadOptions, size)
	}
	s.cache = newWAVCache(size)
	if s.notice == "" {
		s.notice = DefaultNotice
	}
	if utf8.RuneCountInString(s.notice) > maxNotice {
		return nil, fmt.Errorf("%w: notice longer than %d characters", ErrBadOptions, maxNotice)
	}
	switch {
	case s.maxAge == 0:
		s.maxAge = 3 * time.Minute
	case s.maxAge < 0:
		return nil, fmt.Errorf("%w: announce max age %v", ErrBadOptions, s.maxAge)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Register mounts the page (/screen/), its settings (/screen/config.json)
// and the voice endpoint (/api/v1/voice/call.wav) on a mux such as
// *api.Server.
func (s *Screen) Register(mux interface{ Handle(string, http.Handler) }) {
	mux.Handle("GET /api/v1/voice/call.wav", http.HandlerFunc(s.serveCall))
	mux.Handle("GET /screen/config.json", http.HandlerFunc(s.serveConfig))
	mux.Handle("GET /screen/", pageHandler())
}

//go:embed assets
var assets embed.FS

// pageHandler serves the embedded page: no network and no CDN needed.
func pageHandler() http.Handler { return pagefs.Handler(assets, "assets", "/screen/") }

// config is what the page reads at start and after each reconnect.
type config struct {
	Notice          string `json:"notice"`
	Now             string `json:"now"` // halld's clock in the hall's zone, RFC 3339 with milliseconds
	AnnounceMaxAgeS int    `json:"announce_max_age_s"`
	Repeats         int    `json:"repeats"` // for the speech fallback
}

func (s *Screen) serveConfig(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(config{
		Notice:          s.notice,
		Now:             s.now().In(s.loc).Format("2006-01-02T15:04:05.000Z07:00"),
		AnnounceMaxAgeS: int(s.maxAge / time.Second),
		Repeats:         max(s.timing.Repeats, 1),
	})
}

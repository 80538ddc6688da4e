package hall

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halld/queue/workday"
)

const minimal = `
version = 1
[hall]
name = "测试大厅"
[hours]
monday = ["09:00-12:00", "13:30-17:00"]
[[service]]
id = "estate"
name = "不动产登记"
prefix = "A"
[[window]]
number = 1
services = { estate = 10 }
`

func TestParseMinimalAppliesDefaults(t *testing.T) {
	h, err := Parse([]byte(minimal), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	if h.Location.String() != "Asia/Shanghai" {
		t.Errorf("time zone = %v", h.Location)
	}
	p := h.Policy
	if p.NoShow != NoShowReinsert || p.ReinsertBehind != 3 || p.RecallLimit != 3 || p.PriorityStreak != 2 || !p.OneTicketPerID {
		t.Errorf("policy defaults wrong: %+v", p)
	}
	if h.Hours.IssueCutoffMinutes != 30 {
		t.Errorf("cutoff = %d", h.Hours.IssueCutoffMinutes)
	}
	if s := h.ServiceByID("estate"); s.Width != 3 || s.ServiceMinutes != 10 {
		t.Errorf("service defaults wrong: %+v", s)
	}
	if w := h.WindowByNumber(1); w.Name != "1号窗口" {
		t.Errorf("window name = %q", w.Name)
	}
	mon := time.Date(2026, 11, 23, 10, 0, 0, 0, h.Location)
	if got := h.OpenSpans(mon, workday.Workday); len(got) != 2 || got[1] != (Span{13*60 + 30, 17 * 60}) {
		t.Errorf("monday spans = %v", got)
	}
	if got := h.OpenSpans(mon.AddDate(0, 0, 1), workday.Workday); len(got) != 0 {
		t.Errorf("tuesday should be closed, got %v", got)
	}
	if c, ok := h.Closing(mon, workday.Workday); !ok || c != 17*60 {
		t.Errorf("closing = %d %v", c, ok)
	}
}

func TestParseErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, edit, want string
	}{
		{"unknown key", "colour = 1\n", "unknown field colour"},
		{"unknown nested key", "[policy]\nno_shw = \"void\"\n", "unknown field policy.no_shw"},
		{"version missing", "", "version: missing"},
		{"version future", "", "version: 2 is not supported"},
		{"bad zone", "", "hall.time_zone"},
		{"bad hours", "", "hours.monday"},
		{"bad no-show", "[policy]\nno_show = \"skip\"\n", "policy.no_show"},
		{"streak zero", "[policy]\npriority_streak = 0\n", "policy.priority_streak"},
		{"dup prefix", "[[service]]\nid = \"tax\"\nname = \"税务\"\nprefix = \"A\"\n", `service[1].prefix: "A" is already used by service[0]`},
		{"bad prefix", "[[service]]\nid = \"tax\"\nname = \"税务\"\nprefix = \"a1\"\n", "service[1].prefix"},
		{"unknown service on window", "[[window]]\nnumber = 2\nservices = { nope = 1 }\n", "window[1].services.nope: no such service"},
		{"dup window", "[[window]]\nnumber = 1\nservices = { estate = 1 }\n", "window[1].number: 1 is used twice"},
		{"weight range", "[[window]]\nnumber = 2\nservices = { estate = 0 }\n", "window[1].services.estate: weight 0"},
		{"bad pin hash", "[[staff]]\nid = \"w1\"\nname = \"王芳\"\npin_hash = \"1234\"\n", "staff[0].pin_hash"},
		{"bad post", "[[staff]]\nid = \"w1\"\nname = \"王芳\"\npin_hash = \"" + demoHash + "\"\nposts = [{ window = 9, post = \"A\" }]\n", "staff[0].posts[0].window: 9"},
		{"bad role", "[[staff]]\nid = \"w1\"\nname = \"王芳\"\nrole = \"boss\"\npin_hash = \"" + demoHash + "\"\n", "staff[0].role"},
		{"hours: adjusted_workday", `adjusted_workday = "saturday"`, `hours.adjusted_workday: "saturday" must be monday`},
		{"hours: holiday", `holiday = ["12:00-09:00"]`, "hours.holiday"},
		{"hours: no such date", `dates = { "2026-02-30" = [] }`, `hours.dates: "2026-02-30" is not a YYYY-MM-DD day`},
		{"hours: date spans", `dates = { "2026-10-08" = ["9:00-12:00"] }`, "hours.dates.2026-10-08"},
		{"hours: unknown key", `holidays = []`, "unknown field hours.holidays"},
		{"hours: calendar type", `official_calendar = "yes"`, "official_calendar"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := minimal
			if strings.HasPrefix(tc.name, "hours: ") { // a key of [hours]
				doc = strings.Replace(doc, "[hours]\n", "[hours]\n"+tc.edit+"\n", 1)
				tc.edit = ""
			}
			switch tc.name {
			case "version missing":
				doc = strings.Replace(doc, "version = 1", "", 1)
			case "version future":
				doc = strings.Replace(doc, "version = 1", "version = 2", 1)
			case "bad zone":
				doc = strings.Replace(doc, "name = \"测试大厅\"", "name = \"测试大厅\"\ntime_zone = \"Mars/Olympus\"", 1)
			case "bad hours":
				doc = strings.Replace(doc, "13:30-17:00", "17:00-13:30", 1)
			}
			// Keys of a table must come before the next table header, so
			// append edits at the end where they form their own tables.
			if strings.HasPrefix(tc.edit, "colour") {
				doc = tc.edit + doc
			} else {
				doc += tc.edit
			}
			_, err := Parse([]byte(doc), "t.toml")
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestHoursFollowTheOfficialCalendar: holidays closed, a 调休 working
// weekend day with Monday's hours, the weekday's hours otherwise; a date
// of hours.dates wins over everything; official_calendar = false keeps
// the weekly hours.
func TestHoursFollowTheOfficialCalendar(t *testing.T) {
	doc := strings.Replace(minimal, `monday = ["09:00-12:00", "13:30-17:00"]`, `monday = ["09:00-12:00", "13:30-17:00"]
thursday = ["09:00-12:00"]
friday = ["08:30-17:30"]
dates = { "2026-10-08" = ["09:00-11:00"], "2026-11-26" = [] }`, 1)
	h, err := Parse([]byte(doc), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, day, h.Location)
		return d.Add(10 * time.Hour)
	}
	tests := []struct {
		day  string
		kind workday.Kind
		want string
	}{
		{"2026-10-01", workday.Holiday, "[]"},                      // 国庆, a Thursday
		{"2026-02-28", workday.Adjusted, "[{540 720} {810 1020}]"}, // 调休 Saturday: Monday's hours
		{"2026-10-08", workday.Holiday, "[{540 660}]"},             // a date of hours.dates
		{"2026-11-26", workday.Workday, "[]"},                      // closed by date
		{"2026-11-27", workday.Workday, "[{510 1050}]"},            // an ordinary Friday
		{"2026-11-28", workday.Restday, "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(h.OpenSpans(at(tt.day), tt.kind)); got != tt.want {
			t.Errorf("%s (%v): %s, want %s", tt.day, tt.kind, got, tt.want)
		}
	}
	if !h.Hours.OfficialCalendar || h.Hours.AdjustedWorkday != "monday" {
		t.Errorf("defaults: %+v", h.Hours)
	}
	doc = strings.Replace(doc, "[hours]\n", "[hours]\nofficial_calendar = false\nadjusted_workday = \"friday\"\nholiday = [\"09:00-12:00\"]\n", 1)
	if h, err = Parse([]byte(doc), "t.toml"); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(h.OpenSpans(at("2026-10-01"), workday.Holiday)); got != "[{540 720}]" {
		t.Errorf("without the calendar, 国庆 Thursday has %s, want Thursday's hours", got)
	}
	if got := fmt.Sprint(h.OpenSpans(at("2026-02-28"), workday.Adjusted)); got != "[]" {
		t.Errorf("without the calendar, the 调休 Saturday has %s, want Saturday's (none)", got)
	}
}

const demoHash = "pbkdf2-sha256$100000$Obo7can94RPwuc2XwiR/Gw$qY0IP3+TMIpMJ7tF6k5r9Vx1EJFd9EjaZtyZtk+AOuE"

func TestDemoHall(t *testing.T) {
	h := Demo()
	if len(h.Services) < 6 || len(h.Windows) < 8 {
		t.Fatalf("demo has %d services, %d windows", len(h.Services), len(h.Windows))
	}
	if h.PriorityByID("green") == nil {
		t.Error("demo lacks the green channel")
	}
	multi := 0
	for _, w := range h.Windows {
		if len(w.Services) > 1 {
			multi++
		}
	}
	if multi < 2 {
		t.Errorf("demo has %d 综合窗口", multi)
	}
	for i := 1; i <= len(h.Windows); i++ {
		s := h.StaffByID(fmt.Sprintf("w%d", i))
		if s == nil || !s.CheckPIN("1234") {
			t.Fatalf("staff w%d missing or PIN 1234 rejected", i)
		}
		if _, ok := h.CanPost(s, i); !ok {
			t.Errorf("w%d cannot work at window %d", i, i)
		}
	}
	if a := h.StaffByID("admin"); a == nil || a.Role != RoleAdmin || !a.CheckPIN("1234") {
		t.Error("admin missing")
	}
	// Open at any hour.
	for hr := 0; hr < 24; hr += 5 {
		at := time.Date(2026, 1, 4, hr, 59, 0, 0, h.Location)
		if !In(h.IssueSpans("estate", at, workday.Holiday), h.MinuteOfDay(at)) {
			t.Errorf("demo closed at %v", at)
		}
	}
}

func TestPIN(t *testing.T) {
	hash, err := HashPIN("246810")
	if err != nil {
		t.Fatal(err)
	}
	s := &Staff{PINHash: hash}
	if !s.CheckPIN("246810") || s.CheckPIN("246811") || s.CheckPIN("") {
		t.Error("CheckPIN accepts a wrong PIN or rejects the right one")
	}
	for _, bad := range []string{"12", "12a4", "1234567890123"} {
		if _, err := HashPIN(bad); err == nil {
			t.Errorf("HashPIN(%q) accepted", bad)
		}
	}
}

func TestPINPolicy(t *testing.T) {
	tests := []struct {
		pin string
		ok  bool
	}{
		{"1234", false}, {"12345", false}, {"123456", false}, {"000000", false}, {"999999", false},
		{"654321", false}, {"890123", false}, {"121212", false}, {"123123", false}, {"12341234", false},
		{"12a456", false}, {"246810", true}, {"583920", true}, {"1357924680", true}, {"112358", true},
	}
	for _, tc := range tests {
		if err := PINPolicy(tc.pin); (err == nil) != tc.ok {
			t.Errorf("PINPolicy(%q) = %v, want ok %v", tc.pin, err, tc.ok)
		}
	}
}

func TestPublishedDemoPINRefusedOutsideTheDemo(t *testing.T) {
	if !Demo().IsDemo() { // the demo carries the hash: the daemon never checks it
		t.Fatal("Demo() is not marked as the demo")
	}
	extra := fmt.Sprintf("\n[[staff]]\nid = \"sup\"\nname = \"郑值班\"\nrole = \"supervisor\"\npin_hash = %q\n", Demo().StaffByID("admin").PINHash)
	h, err := Parse(append(DemoTOML(), extra...), "copied.toml")
	if err != nil {
		t.Fatal(err)
	}
	if h.IsDemo() {
		t.Error("a parsed file claims to be the built-in demo")
	}
	err = h.CheckPublishedPINs()
	if err == nil || !strings.Contains(err.Error(), "staff[0].pin_hash") || !errors.Is(err, ErrInvalid) {
		t.Errorf("err = %v, want it to name staff[0].pin_hash", err)
	}
	own, _ := HashPIN("583920")
	h, err = Parse([]byte(strings.ReplaceAll(string(DemoTOML()), Demo().StaffByID("admin").PINHash, own)), "own.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.CheckPublishedPINs(); err != nil {
		t.Errorf("own PINs refused: %v", err)
	}
}

func TestParseSpan(t *testing.T) {
	tests := []struct {
		in   string
		want Span
		ok   bool
	}{
		{"09:00-12:00", Span{540, 720}, true},
		{"00:00-24:00", Span{0, 1440}, true},
		{"12:00-09:00", Span{}, false},
		{"9:00-12:00", Span{}, false},
		{"09:00-24:30", Span{}, false},
		{"09:60-10:00", Span{}, false},
		{"0900-1200", Span{}, false},
	}
	for _, tc := range tests {
		got, err := ParseSpan(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSpan(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func ExampleParse() {
	h, err := Parse([]byte(minimal), "hall.toml")
	if err != nil {
		panic(err)
	}
	fmt.Println(h.Hall.Name, h.ServiceByID("estate").Prefix, h.ServesWindows("estate"))
	// Output: 测试大厅 A [1]
}

// TestExampleConfigs keeps the shipped example hall files loadable.
func TestExampleConfigs(t *testing.T) {
	paths, _ := filepath.Glob("../../firmware-config/examples/*.toml")
	if len(paths) == 0 {
		t.Fatal("no example configs found")
	}
	for _, p := range paths {
		if data, _ := os.ReadFile(p); strings.Contains(string(data), "\n[agent]") {
			continue // a satellite board's file: firmware-config's test loads it as one
		}
		if filepath.Base(p) == "centre.toml" {
			continue // the centre's file: firmware-config's test loads it as one
		}
		if _, err := Load(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestDecodeDevicesIsStrict(t *testing.T) {
	doc := minimal + `
[devices]
[[devices.printer]]
id = "k1"
path = "/dev/usb/lp0"
`
	h, err := Parse([]byte(doc), "t.toml")
	if err != nil {
		t.Fatalf("a [devices] table must not trouble the hall model: %v", err)
	}
	var ok struct {
		Printer []struct {
			ID   string `toml:"id"`
			Path string `toml:"path"`
		} `toml:"printer"`
	}
	if err := h.DecodeDevices(&ok); err != nil || len(ok.Printer) != 1 || ok.Printer[0].Path != "/dev/usb/lp0" {
		t.Fatalf("decoded %+v, %v", ok, err)
	}
	h, _ = Parse([]byte(doc), "t.toml")
	var narrow struct {
		Printer []struct {
			ID string `toml:"id"`
		} `toml:"printer"`
	}
	err = h.DecodeDevices(&narrow)
	if err == nil || !strings.Contains(err.Error(), "devices.printer.path") {
		t.Errorf("unknown device key: %v, want it named", err)
	}
}

package workday

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2025-10-10", Date{2025, time.October, 10}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2000-02-29", Date{2000, time.February, 29}, true},
		{"2025-02-29", Date{}, false}, // not a leap year
		{"1900-02-29", Date{}, false}, // century, not leap
		{"2025-04-31", Date{}, false},
		{"2025-13-01", Date{}, false},
		{"2025-00-10", Date{}, false},
		{"2025-01-00", Date{}, false},
		{"0000-01-01", Date{}, false},
		{"2025-1-01", Date{}, false},
		{"2025/01/01", Date{}, false},
		{"2025-01-01T00:00:00", Date{}, false},
		{"+025-01-01", Date{}, false},
		{"２０２５-01-01", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) error %v is not ErrDate", tt.in, err)
		}
	}
}

// TestDaysMatchesTime checks the civil-day arithmetic against package time
// over 1900–2100 and a few far dates.
func TestDaysMatchesTime(t *testing.T) {
	check := func(tm time.Time) {
		t.Helper()
		d := DateOf(tm, time.UTC)
		want := floorDiv(int(tm.Unix()), 86400)
		if got := d.days(); got != want {
			t.Fatalf("%v.days() = %d, want %d", d, got, want)
		}
		if got := fromDays(want); got != d {
			t.Fatalf("fromDays(%d) = %v, want %v", want, got, d)
		}
		if got := d.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", d, got, tm.Weekday())
		}
	}
	for tm := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() <= 2100; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	for _, y := range []int{1, 4, 100, 400, 1600, 9999} {
		check(time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC))
		check(time.Date(y, 2, 28, 0, 0, 0, 0, time.UTC))
	}
}

func TestDateNormaliseLikeTime(t *testing.T) {
	tests := []Date{
		{2025, time.January, 32}, {2025, 13, 1}, {2025, 0, 1}, {2025, -11, 5},
		{2024, time.March, 0}, {2025, time.December, 400}, {2026, 25, -3},
	}
	for _, d := range tests {
		want := DateOf(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), nil)
		if got := d.norm(); got != want {
			t.Errorf("%#v normalises to %v, want %v", d, got, want)
		}
	}
}

func TestDateOfUsesLocation(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	// 00:30 in Beijing on the 26th is still the 25th in UTC.
	tm := time.Date(2025, 9, 25, 16, 30, 0, 0, time.UTC)
	if got, want := DateOf(tm, cst), (Date{2025, 9, 26}); got != want {
		t.Errorf("DateOf in CST = %v, want %v", got, want)
	}
	if got, want := DateOf(tm, nil), (Date{2025, 9, 25}); got != want {
		t.Errorf("DateOf in own zone = %v, want %v", got, want)
	}
	if got := (Date{2025, 9, 26}).Time(cst); !got.Equal(time.Date(2025, 9, 26, 0, 0, 0, 0, cst)) {
		t.Errorf("Time = %v", got)
	}
}

func TestDateCompareAndAdd(t *testing.T) {
	a, b := Date{2025, 12, 31}, Date{2026, 1, 1}
	if !a.Before(b) || a.After(b) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("ordering of %v and %v wrong", a, b)
	}
	if got := a.AddDays(1); got != b {
		t.Errorf("AddDays(1) = %v", got)
	}
	if got := b.AddDays(-366); got != (Date{2024, 12, 31}) {
		t.Errorf("AddDays(-366) = %v", got)
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestDateJSON(t *testing.T) {
	in := struct{ Due Date }{Date{2025, 10, 10}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"Due":"2025-10-10"}` {
		t.Errorf("Marshal = %s", b)
	}
	var out struct{ Due Date }
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("Unmarshal = %v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"Due":"2025-10-32"}`), &out); !errors.Is(err, ErrDate) {
		t.Errorf("Unmarshal of a bad date: %v", err)
	}
}

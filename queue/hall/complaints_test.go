package hall

import (
	"strings"
	"testing"
)

func TestComplaintsTable(t *testing.T) {
	tests := []struct {
		name, table      string
		accept, conclude int
		windows          []int
		err              string
	}{
		{"defaults without the table", "", 1, 15, nil, ""},
		{"configured", "[complaints]\naccept_days = 2\nconclude_days = 5\nwindows = [1]\n", 2, 5, []int{1}, ""},
		{"accept zero", "[complaints]\naccept_days = 0\n", 0, 0, nil, "complaints.accept_days"},
		{"conclude before accept", "[complaints]\naccept_days = 3\nconclude_days = 2\n", 0, 0, nil, "complaints.conclude_days"},
		{"conclude too long", "[complaints]\nconclude_days = 91\n", 0, 0, nil, "complaints.conclude_days"},
		{"no such window", "[complaints]\nwindows = [7]\n", 0, 0, nil, "complaints.windows[0]: there is no window 7"},
		{"unknown key", "[complaints]\ndays = 3\n", 0, 0, nil, "unknown field complaints.days"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := Parse([]byte(minimal+tc.table), "t.toml")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := h.Complaints
			if c.AcceptDays != tc.accept || c.ConcludeDays != tc.conclude || len(c.Windows) != len(tc.windows) {
				t.Fatalf("complaints = %+v", c)
			}
			for _, n := range tc.windows {
				if !h.ComplaintsWindow(n) {
					t.Errorf("window %d is not a complaints window", n)
				}
			}
			if h.ComplaintsWindow(0) {
				t.Error("window 0 (no window) counted as a complaints window")
			}
		})
	}
}

package workday

import "testing"

// The board recomputes every case's deadline every few seconds.
func BenchmarkDeadline(b *testing.B) {
	c := New(cst)
	cases := []struct {
		name   string
		acc    Date
		n      int
		paused []Interval
	}{
		{"5 days over 国庆", d("2025-09-26"), 5, nil},
		{"20 days", d("2025-03-03"), 20, nil},
		{"60 days", d("2025-11-03"), 60, nil},
		{"20 days 2 pauses", d("2025-03-03"), 20, []Interval{
			{d("2025-03-05"), d("2025-03-07")}, {d("2025-03-20"), d("2025-03-24")}}},
		{"into 2027", d("2026-12-01"), 40, nil},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.DeadlineFrom(bc.acc, bc.n, bc.paused)
			}
		})
	}
}

func BenchmarkRemaining(b *testing.B) {
	c := New(cst)
	today, due := d("2025-09-01"), d("2025-10-31")
	b.ReportAllocs()
	for b.Loop() {
		c.Remaining(today, due)
	}
}

// A naive day-by-day walk over IsWorkday, for comparison with the bitsets.
func BenchmarkDeadlineDayByDay(b *testing.B) {
	c := New(cst)
	acc := d("2025-03-03")
	for b.Loop() {
		day, k := acc, 0
		for k < 20 {
			day = day.AddDays(1)
			if w, _ := c.IsWorkday(day); w {
				k++
			}
		}
	}
}

package uplink

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		name string
		rand float64
		want []time.Duration
	}{
		{"no jitter drawn: half", 0, []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}},
		{"most jitter: nearly all", 0.999, []time.Duration{999500 * time.Microsecond, 1999 * time.Millisecond, 3998 * time.Millisecond, 7996 * time.Millisecond, 7996 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &backoff{min: time.Second, max: 8 * time.Second, rand: func() float64 { return tt.rand }}
			for i, want := range tt.want {
				if got := b.wait(); got != want {
					t.Errorf("wait %d = %v, want %v", i, got, want)
				}
			}
			b.reset()
			if got := b.wait(); got != tt.want[0] {
				t.Errorf("after reset %v, want %v", got, tt.want[0])
			}
		})
	}
}

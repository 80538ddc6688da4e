package main

import (
	"slices"
	"time"
)

// dist is a latency distribution.
type dist struct {
	N   int
	P50 time.Duration
	P99 time.Duration
	Max time.Duration
}

// distMS is dist in milliseconds, for reports.
type distMS struct {
	N     int     `json:"n"`
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
	MaxMS float64 `json:"max_ms"`
}

// percentiles uses the nearest-rank method; it sorts d.
func percentiles(d []time.Duration) dist {
	if len(d) == 0 {
		return dist{}
	}
	slices.Sort(d)
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(d))+0.999999) - 1
		return d[max(0, min(i, len(d)-1))]
	}
	return dist{N: len(d), P50: rank(0.50), P99: rank(0.99), Max: d[len(d)-1]}
}

func (d dist) ms() distMS {
	f := func(x time.Duration) float64 { return float64(x.Microseconds()) / 1e3 }
	return distMS{N: d.N, P50ms: f(d.P50), P99ms: f(d.P99), MaxMS: f(d.Max)}
}

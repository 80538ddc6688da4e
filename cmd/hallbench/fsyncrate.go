package main

import (
	"os"
	"path/filepath"
	"time"

	"syscall"
)

// rawSync is the disk's physical limit as halld sees it: small writes at
// the start of a file in the data directory, each followed by fdatasync,
// one after another, for d.
type rawSync struct {
	PerSecond float64 `json:"per_second"`
	P50us     float64 `json:"p50_us"`
	P99us     float64 `json:"p99_us"`
}

func measureRawSync(dir string, d time.Duration) (rawSync, error) {
	path := filepath.Join(dir, "hallbench-fsync.tmp")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_TRUNC, 0o600)
	if err != nil {
		return rawSync{}, err
	}
	defer os.Remove(path)
	defer f.Close()
	buf := make([]byte, 512)
	var lat []time.Duration
	start := time.Now()
	for time.Since(start) < d {
		t0 := time.Now()
		buf[0]++
		if _, err := f.WriteAt(buf, 0); err != nil {
			return rawSync{}, err
		}
		if err := syscall.Fdatasync(int(f.Fd())); err != nil {
			return rawSync{}, err
		}
		lat = append(lat, time.Since(t0))
	}
	p := percentiles(lat)
	return rawSync{
		PerSecond: float64(len(lat)) / time.Since(start).Seconds(),
		P50us:     us(p.P50), P99us: us(p.P99),
	}, nil
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

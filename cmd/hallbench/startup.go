package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// startupReport times halld from exec to serving over an existing data
// directory (e.g. a year of history written by `hallbench history`).
type startupReport struct {
	Date        string    `json:"date"`
	Data        string    `json:"data"`
	DBBytes     int64     `json:"db_bytes"`
	Runs        []float64 `json:"runs_ms"`
	MedianMS    float64   `json:"median_ms"`
	MaxMS       float64   `json:"max_ms"`
	IdleRSSKiB  int64     `json:"idle_rss_kib"`
	IdleAnonKiB int64     `json:"idle_rss_anon_kib"`
	IdleFileKiB int64     `json:"idle_rss_file_kib"`
}

func (r *startupReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench startup  %s  %s (%.1f MiB database)\n", r.Date, r.Data, float64(r.DBBytes)/(1<<20))
	fmt.Fprintf(w, "  start to serving: median %.1f ms, max %.1f ms over %d runs %v\n", r.MedianMS, r.MaxMS, len(r.Runs), r.Runs)
	fmt.Fprintf(w, "  idle RSS after start: %s (anonymous %s, mapped file %s)\n", mib(r.IdleRSSKiB), mib(r.IdleAnonKiB), mib(r.IdleFileKiB))
}

func runStartup(ctx context.Context, o options) (*startupReport, error) {
	if o.Data == "" {
		return nil, fmt.Errorf("startup needs -data DIR (with halld.db and hall.toml)")
	}
	cfg := filepath.Join(o.Data, "hall.toml")
	st, err := os.Stat(dataFile(o.Data))
	if err != nil {
		return nil, err
	}
	r := &startupReport{Date: time.Now().Format(time.RFC3339), Data: o.Data, DBBytes: st.Size()}
	bin := o.Halld
	if bin == "" {
		work, err := tempDir("hallbench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(work)
		if bin, err = buildHalld(ctx, work, raceEnabled); err != nil {
			return nil, err
		}
	}
	var durs []time.Duration
	for range max(1, o.Runs) {
		d, err := startDaemon(ctx, bin, cfg, o.Data, nil)
		if err != nil {
			return nil, err
		}
		durs = append(durs, d.Serving)
		r.Runs = append(r.Runs, float64(d.Serving.Microseconds())/1e3)
		time.Sleep(300 * time.Millisecond)
		if m, err := readMemory(d.Pid); err == nil && m.RSSKiB > r.IdleRSSKiB {
			r.IdleRSSKiB, r.IdleAnonKiB, r.IdleFileKiB = m.RSSKiB, m.AnonKiB, m.FileKiB
		}
		d.stop()
	}
	p := percentiles(durs).ms()
	r.MedianMS, r.MaxMS = p.P50ms, p.MaxMS
	return r, nil
}

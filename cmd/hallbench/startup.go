package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// startupReport times halld from exec to serving over an existing data
// directory (e.g. a year of history written by `hallbench history`).
type startupReport struct {
	Date     string    `json:"date"`
	Data     string    `json:"data"`
	DBBytes  int64     `json:"db_bytes"`
	Runs     []float64 `json:"runs_ms"`
	MedianMS float64   `json:"median_ms"`
	MaxMS    float64   `json:"max_ms"`
	// Starts after dropping the page cache (root only): as after a reboot.
	ColdRuns    []float64 `json:"cold_runs_ms,omitempty"`
	ColdMaxMS   float64   `json:"cold_max_ms,omitempty"`
	IdleRSSKiB  int64     `json:"idle_rss_kib"`
	IdleAnonKiB int64     `json:"idle_rss_anon_kib"`
	IdleFileKiB int64     `json:"idle_rss_file_kib"`
	// A month's report over the history, through GET /api/v1/stats, per
	// dimension (hall, window, staff, service).
	Month   string            `json:"report_month,omitempty"`
	Reports map[string]distMS `json:"month_report,omitempty"`
}

func (r *startupReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench startup  %s  %s (%.1f MiB database)\n", r.Date, r.Data, float64(r.DBBytes)/(1<<20))
	fmt.Fprintf(w, "  start to serving: median %.1f ms, max %.1f ms over %d runs %v\n", r.MedianMS, r.MaxMS, len(r.Runs), r.Runs)
	if len(r.ColdRuns) > 0 {
		fmt.Fprintf(w, "  after dropping the page cache: max %.1f ms over %d runs %v\n", r.ColdMaxMS, len(r.ColdRuns), r.ColdRuns)
	}
	fmt.Fprintf(w, "  idle RSS after start: %s (anonymous %s, mapped file %s)\n", mib(r.IdleRSSKiB), mib(r.IdleAnonKiB), mib(r.IdleFileKiB))
	for _, by := range reportDims {
		if d, ok := r.Reports[by]; ok {
			fmt.Fprintf(w, "  %s report by %-7s p50 %.2f ms  max %.2f ms  (%d requests)\n", r.Month, by+":", d.P50ms, d.MaxMS, d.N)
		}
	}
}

var reportDims = []string{"hall", "window", "staff", "service"}

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
	for i := range max(1, o.Runs) {
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
		if i == max(1, o.Runs)-1 && o.Month != "" {
			r.Month = o.Month
			r.Reports, err = timeReports(ctx, d.Base, o.Month, o.PIN)
		}
		d.stop()
		if err != nil {
			return nil, err
		}
	}
	p := percentiles(durs).ms()
	r.MedianMS, r.MaxMS = p.P50ms, p.MaxMS
	for range o.Cold {
		if err := dropPageCache(); err != nil {
			return nil, err
		}
		d, err := startDaemon(ctx, bin, cfg, o.Data, nil)
		if err != nil {
			return nil, err
		}
		ms := float64(d.Serving.Microseconds()) / 1e3
		r.ColdRuns, r.ColdMaxMS = append(r.ColdRuns, ms), max(r.ColdMaxMS, ms)
		d.stop()
	}
	return r, nil
}

// dropPageCache empties the kernel's page cache (root only), so the next
// start reads the database from the disk as after a reboot.
func dropPageCache() error {
	if err := exec.Command("sync").Run(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("1"), 0); err != nil {
		return fmt.Errorf("-cold needs root to drop the page cache: %w", err)
	}
	return nil
}

// timeReports logs in as the hall's admin and times a month's report by
// each dimension, ten times each, through the API.
func timeReports(ctx context.Context, base, month, pin string) (map[string]distMS, error) {
	from, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, fmt.Errorf("-month: %w", err)
	}
	to := from.AddDate(0, 1, -1)
	c := newClient(base, 2)
	defer c.close()
	admin := seat{Staff: "admin"}
	if err := c.login(ctx, &admin, pin); err != nil {
		return nil, err
	}
	out := map[string]distMS{}
	for _, by := range reportDims {
		path := fmt.Sprintf("/api/v1/stats?from=%s&to=%s&by=%s", from.Format(time.DateOnly), to.Format(time.DateOnly), by)
		var lat []time.Duration
		for range 10 {
			var rep struct {
				Rows []json.RawMessage `json:"rows"`
			}
			t0 := time.Now()
			code, ecode, err := c.getAs(ctx, path, admin.Token, &rep)
			lat = append(lat, time.Since(t0))
			if err != nil {
				return nil, err
			}
			if code != http.StatusOK || len(rep.Rows) == 0 {
				return nil, fmt.Errorf("GET %s: %d %s, %d rows (is the month in the history?)", path, code, ecode, len(rep.Rows))
			}
		}
		out[by] = percentiles(lat).ms()
	}
	return out, nil
}

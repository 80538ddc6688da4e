package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
)

// texter is a report that can also be read by people.
type texter interface{ text(w io.Writer) }

func printReport(w io.Writer, asJSON bool, r texter) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	r.text(w)
	return nil
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

func (r *loadReport) text(w io.Writer) {
	fmt.Fprintf(w, "hallbench load  %s  target %s\n", r.Date, r.Target)
	fmt.Fprintf(w, "  hall:        %d windows, %d subscribers, kiosks %.0f tickets/s, %.1f s\n", r.Windows, r.Subscribers, r.Rate, r.Seconds)
	fmt.Fprintf(w, "  call → every subscriber: p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d calls, %d missed)\n",
		r.CallToAll.P50ms, r.CallToAll.P99ms, r.CallToAll.MaxMS, r.CallToAll.N, r.CallsMissed)
	fmt.Fprintf(w, "  ticket issue:            p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%d issued, %.0f/s)\n",
		r.Issue.P50ms, r.Issue.P99ms, r.Issue.MaxMS, r.Issued, r.IssuedPerS)
	fmt.Fprintf(w, "  durable ops:  %d acknowledged, %.0f/s\n", r.Ops, r.OpsPerSec)
	fmt.Fprintf(w, "  events:       %d committed, %d messages to subscribers\n", r.Events, r.Messages)
	if r.HalldCPU > 0 {
		fmt.Fprintf(w, "  CPU:          halld %.1f s (%.1f µs per message), bench %.1f s, of %.1f s × %d cores\n",
			r.HalldCPU, r.HalldUSMsg, r.BenchCPU, r.Seconds, runtime.NumCPU())
	}
	if r.Commits > 0 {
		fmt.Fprintf(w, "  commits:      %d (%.3f per op, so %.3f fdatasync per op)\n", r.Commits, r.CommitsPerOp, r.FsyncsPerOp)
	}
	if r.RawSync != nil {
		fmt.Fprintf(w, "  raw disk:     %.0f write+fdatasync/s (p50 %.0f µs, p99 %.0f µs)\n", r.RawSync.PerSecond, r.RawSync.P50us, r.RawSync.P99us)
	}
	if f := r.RawFanout; f != nil {
		fmt.Fprintf(w, "  raw fan-out:  %d B to each of %d loopback sockets, one writer, one reader: p50 %.2f ms, p99 %.2f ms (%.1f µs per message)\n",
			f.Bytes, f.Sockets, f.P50ms, f.P99ms, f.PerMsgUS)
	}
	if r.StartupMS > 0 {
		fmt.Fprintf(w, "  start-up:     %.1f ms to serving\n", r.StartupMS)
		fmt.Fprintf(w, "  halld RSS:    idle %s, after load %s, peak %s\n", mib(r.IdleRSSKiB), mib(r.LoadRSSKiB), mib(r.PeakRSSKiB))
		if r.IdleMem != nil && r.LoadMem != nil {
			fmt.Fprintf(w, "                (anonymous idle %s / after load %s; mapped file idle %s / after load %s)\n",
				mib(r.IdleMem.AnonKiB), mib(r.LoadMem.AnonKiB), mib(r.IdleMem.FileKiB), mib(r.LoadMem.FileKiB))
		}
	}
	if len(r.Refused) > 0 {
		keys := slices.Sorted(maps.Keys(r.Refused))
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s×%d", k, r.Refused[k]))
		}
		fmt.Fprintf(w, "  refused:      %s\n", strings.Join(parts, " "))
	}
	writeViolations(w, r.Violations)
}

func writeViolations(w io.Writer, v []string) {
	fmt.Fprintf(w, "  violations:   %d\n", len(v))
	for i, s := range v {
		if i == 20 {
			fmt.Fprintf(w, "    … %d more\n", len(v)-20)
			break
		}
		fmt.Fprintf(w, "    - %s\n", s)
	}
}

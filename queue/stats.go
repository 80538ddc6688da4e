package queue

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Statistics the hall is judged by (考核) are kept as daily aggregates,
// updated from every event as it is emitted and committed with it (one
// record per hall day), so a month's report sums about thirty records
// instead of reading a month of tickets.

// waitBucket is the resolution of the wait-time histogram behind p90.
const (
	waitBucket  = 5 * 60 // seconds
	waitBuckets = 48     // 4 hours; longer waits fall in the last bucket
)

// Counts are the figures of one dimension value on one or more days.
type Counts struct {
	Issued      int   `json:"issued,omitempty"`
	IssuedHour  []int `json:"issued_hour,omitempty"` // by hall-local hour 0–23
	Served      int   `json:"served,omitempty"`      // finished (办结, 受理, 咨询…)
	NoShow      int   `json:"no_show,omitempty"`
	Transferred int   `json:"transferred,omitempty"`
	Cancelled   int   `json:"cancelled,omitempty"`
	Expired     int   `json:"expired,omitempty"`
	WaitN       int   `json:"wait_n,omitempty"` // first calls
	WaitSum     int64 `json:"wait_sum,omitempty"`
	WaitMax     int64 `json:"wait_max,omitempty"`
	WaitHist    []int `json:"wait_hist,omitempty"`
	OpenSecs    int64 `json:"open_secs,omitempty"` // windows open (logged in, not paused)
	ServiceN    int   `json:"service_n,omitempty"`
	ServiceSum  int64 `json:"service_sum,omitempty"`
	Evaluated   int   `json:"evaluated,omitempty"`
	Active      int   `json:"active,omitempty"`
	Levels      []int `json:"levels,omitempty"`     // index = level (1–5), both nodes
	CaseRated   int   `json:"case_rated,omitempty"` // 办结-node evaluations of cases
	Cases       int   `json:"cases,omitempty"`      // accepted
	Instant     int   `json:"instant,omitempty"`
	Promised    int   `json:"promised,omitempty"` // 承诺件, 联办件, 上报件
	Finished    int   `json:"finished,omitempty"` // cases finished (not refused)
	OnTime      int   `json:"on_time,omitempty"`
}

func (c *Counts) wait(s int64) {
	if s < 0 {
		s = 0 // a clock step back: count it, as no wait
	}
	c.WaitN++
	c.WaitSum += s
	c.WaitMax = max(c.WaitMax, s)
	if c.WaitHist == nil {
		c.WaitHist = make([]int, waitBuckets)
	}
	c.WaitHist[min(int(s/waitBucket), waitBuckets-1)]++
}

func (c *Counts) level(l int, active bool) {
	if c.Levels == nil {
		c.Levels = make([]int, 6)
	}
	c.Levels[l]++
	c.Evaluated++
	if active {
		c.Active++
	}
}

func (c *Counts) add(o *Counts) {
	c.Issued += o.Issued
	c.Served += o.Served
	c.NoShow += o.NoShow
	c.Transferred += o.Transferred
	c.Cancelled += o.Cancelled
	c.Expired += o.Expired
	c.WaitN += o.WaitN
	c.WaitSum += o.WaitSum
	c.WaitMax = max(c.WaitMax, o.WaitMax)
	c.OpenSecs += o.OpenSecs
	c.ServiceN += o.ServiceN
	c.ServiceSum += o.ServiceSum
	c.Evaluated += o.Evaluated
	c.CaseRated += o.CaseRated
	c.Active += o.Active
	c.Cases += o.Cases
	c.Instant += o.Instant
	c.Promised += o.Promised
	c.Finished += o.Finished
	c.OnTime += o.OnTime
	if o.IssuedHour != nil {
		if c.IssuedHour == nil {
			c.IssuedHour = make([]int, 24)
		}
		for i, n := range o.IssuedHour {
			c.IssuedHour[i] += n
		}
	}
	if o.WaitHist != nil {
		if c.WaitHist == nil {
			c.WaitHist = make([]int, waitBuckets)
		}
		for i, n := range o.WaitHist {
			c.WaitHist[i] += n
		}
	}
	if o.Levels != nil {
		if c.Levels == nil {
			c.Levels = make([]int, 6)
		}
		for i, n := range o.Levels {
			c.Levels[i] += n
		}
	}
}

// DayStats are one hall day's figures, for the hall and by dimension.
type DayStats struct {
	Day        string             `json:"day"`
	Hall       Counts             `json:"hall"`
	Service    map[string]*Counts `json:"service"`
	Window     map[string]*Counts `json:"window"`
	Staff      map[string]*Counts `json:"staff"`
	Department map[string]*Counts `json:"department"`
}

func newDayStats(day string) *DayStats {
	return &DayStats{Day: day, Service: map[string]*Counts{}, Window: map[string]*Counts{},
		Staff: map[string]*Counts{}, Department: map[string]*Counts{}}
}

// statKey names one record of the stats bucket: dimension, day, value
// ("window|2026-11-23|3"; the hall's value is empty). Records are small
// and a change rewrites only those it touched; a report scans one
// dimension's days.
func statKey(dim, day, value string) string { return dim + "|" + day + "|" + value }

// table returns the day's map for a dimension (nil for the hall).
func (d *DayStats) table(dim string) map[string]*Counts {
	switch dim {
	case ByService:
		return d.Service
	case ByWindow:
		return d.Window
	case ByStaff:
		return d.Staff
	case ByDepartment:
		return d.Department
	}
	return nil
}

// counts returns the day's counter of one dimension value, made if new.
func (d *DayStats) counts(dim, value string) *Counts {
	m := d.table(dim)
	if m == nil {
		return &d.Hall
	}
	c := m[value]
	if c == nil {
		c = &Counts{}
		m[value] = c
	}
	return c
}

// dims returns the counters an event touches — the hall's, its service's
// and department's, and the window's and clerk's when there are some — and
// marks them to be written with the change.
func (c *change) dims(day, service string, window int, staff string) []*Counts {
	d, err := c.dayStats(day)
	if err != nil {
		// Counting onto empty figures would overwrite the stored ones with
		// smaller numbers that read as correct. The event goes uncounted;
		// the damaged record stays for Report (a 500 database_damaged) and
		// Check to name.
		c.e.log.Error("queue: event not counted: the day's figures are unreadable", "day", day, "err", err)
		d = newDayStats(day)
	}
	refs := [][2]string{{ByHall, ""}}
	if s := c.e.hall.ServiceByID(service); s != nil {
		refs = append(refs, [2]string{ByService, service})
		if s.Department != "" {
			refs = append(refs, [2]string{ByDepartment, s.Department})
		}
	}
	if window > 0 {
		refs = append(refs, [2]string{ByWindow, strconv.Itoa(window)})
	}
	if staff != "" {
		refs = append(refs, [2]string{ByStaff, staff})
	}
	if c.statDirty == nil {
		c.statDirty = map[string]*Counts{}
	}
	out := make([]*Counts, len(refs))
	for i, r := range refs {
		out[i] = d.counts(r[0], r[1])
		if err == nil {
			c.statDirty[statKey(r[0], day, r[1])] = out[i]
		}
	}
	return out
}

// count folds one event into its day's figures; called by emit. Expiries
// at the daily close count for the day that closed.
func (c *change) count(ev Event, d EventData) {
	e := c.e
	day := e.hall.Day(ev.At)
	t, w := d.Ticket, d.Window
	switch {
	case ev.Type == EvDayClosed:
		day = d.Day
	case ev.Type == EvEvaluated && t != nil && t.Day != "":
		day = t.Day // a later rating (the phone's, a default) counts with its service
	}
	win, staff := 0, ""
	if w != nil {
		win = w.Number
		if w.Staff != nil {
			staff = w.Staff.ID
		}
	}
	// Only events that count touch (and so rewrite) the day's record.
	each := func(f func(*Counts), service string, win int, staff string) {
		for _, cnt := range c.dims(day, service, win, staff) {
			f(cnt)
		}
	}
	switch ev.Type {
	case EvIssued:
		hour := ev.At.In(e.hall.Location).Hour()
		each(func(c *Counts) {
			c.Issued++
			if c.IssuedHour == nil {
				c.IssuedHour = make([]int, 24)
			}
			c.IssuedHour[hour]++
		}, t.Service, 0, "")
	case EvCalled:
		if d.First {
			wait := int64(ev.At.Sub(t.IssuedAt) / time.Second)
			each(func(c *Counts) { c.wait(wait) }, t.Service, win, staff)
		}
	case EvFinished:
		each(func(c *Counts) {
			c.Served++
			if t.StartedAt != nil {
				c.ServiceN++
				c.ServiceSum += int64(ev.At.Sub(*t.StartedAt) / time.Second)
			}
		}, t.Service, win, staff)
	case EvNoShow:
		if !d.Reinserted {
			each(func(c *Counts) { c.NoShow++ }, t.Service, win, staff)
		}
	case EvTransferred:
		each(func(c *Counts) { c.Transferred++ }, d.FromService, win, staff)
	case EvCancelled:
		each(func(c *Counts) { c.Cancelled++ }, t.Service, 0, "")
	case EvLogin, EvResumed:
		e.openSince[win] = ev.At
	case EvPaused, EvLogout:
		c.closeOpen(day, win, cmp.Or(staff, d.Staff), ev.At)
	case EvHandover:
		c.closeOpen(day, win, d.FromStaff, ev.At)
		e.openSince[win] = ev.At
	case EvDayClosed:
		if len(d.Expired) > 0 {
			c.dims(day, "", 0, "")[0].Expired += len(d.Expired)
		}
		// Windows open across midnight: their time so far counts for the day
		// that closed; a new interval starts.
		for n := range e.openSince {
			staff := ""
			if w := e.windows[n]; w != nil {
				staff = w.Staff
			}
			c.closeOpen(day, n, staff, ev.At)
			e.openSince[n] = ev.At
		}
	case EvEvaluated:
		ev := d.Evaluation
		each(func(c *Counts) { c.level(ev.Level, ev.Active) }, t.Service, d.FromWindow, ev.Staff)
	case EvCaseEvaluated: // in 好评率, not in the per-service rates
		ev := d.Evaluation
		each(func(c *Counts) {
			if c.Levels == nil {
				c.Levels = make([]int, 6)
			}
			c.Levels[ev.Level]++
			c.CaseRated++
		}, d.Case.Service, d.FromWindow, ev.Staff)
	case EvCaseCreated:
		k := d.Case
		each(func(c *Counts) {
			c.Cases++
			if k.Type == CaseInstant {
				c.Instant++
			} else {
				c.Promised++
			}
		}, k.Service, k.Window, "")
	case EvCaseUpdated:
		if k := d.Case; k.State == CaseDone && k.FinishedAt != nil && k.FinishedAt.Equal(ev.At) {
			each(func(c *Counts) {
				c.Finished++
				if k.OnTime != nil && *k.OnTime {
					c.OnTime++
				}
			}, k.Service, k.Window, "")
		}
	}
}

// closeOpen ends window n's open interval at t and counts it for the
// window, its clerk and the hall (window utilisation = service time ÷ open
// time). A restart begins a new interval: the time halld was down is not
// counted as open.
func (c *change) closeOpen(day string, n int, staff string, t time.Time) {
	since, ok := c.e.openSince[n]
	delete(c.e.openSince, n)
	if !ok || !t.After(since) {
		return
	}
	secs := int64(t.Sub(since) / time.Second)
	for _, cnt := range c.dims(day, "", n, staff) {
		cnt.OpenSecs += secs
	}
}

// openNow is a window open now: its open time so far, not yet recorded
// (closeOpen does at a pause, a logout or the daily close), so that
// today's utilisation is service time ÷ open time up to now, never above 1.
type openNow struct {
	day    string // the hall's date now
	window int
	staff  string
	secs   int64
}

// openNow lists the windows open now; e.mu is held.
func (e *Engine) openNow() []openNow {
	now := e.now().In(e.hall.Location)
	var out []openNow
	for n, since := range e.openSince {
		if !now.After(since) {
			continue
		}
		o := openNow{day: now.Format(time.DateOnly), window: n, secs: int64(now.Sub(since) / time.Second)}
		if w := e.windows[n]; w != nil {
			o.staff = w.Staff
		}
		out = append(out, o)
	}
	return out
}

// keys are the report rows by dimension by that closeOpen counts open
// time in: the hall's, the window's and the clerk's.
func (o openNow) keys(by string) []string {
	switch by {
	case ByHall:
		return []string{"hall"}
	case ByDay:
		return []string{o.day}
	case ByWindow:
		return []string{strconv.Itoa(o.window)}
	case ByStaff:
		if o.staff != "" {
			return []string{o.staff}
		}
	}
	return nil
}

// dayStats returns the figures of a day: the latest day's are kept in
// memory; an earlier day's (the daily close) is read back.
func (c *change) dayStats(day string) (*DayStats, error) {
	e := c.e
	if e.stats != nil && e.stats.Day == day {
		return e.stats, nil
	}
	if s := c.older[day]; s != nil {
		return s, nil
	}
	var s *DayStats
	err := viewDB(e.db, func(tx *bolt.Tx) (err error) {
		s, err = loadDayStats(tx, day)
		return err
	})
	if err != nil {
		return nil, err
	}
	if e.stats == nil || day > e.stats.Day {
		e.stats = s
	} else {
		if c.older == nil {
			c.older = map[string]*DayStats{}
		}
		c.older[day] = s
	}
	return s, nil
}

// loadDayStats reads a day's records; an undecodable one is ErrCorrupt.
func loadDayStats(tx *bolt.Tx, day string) (*DayStats, error) {
	s := newDayStats(day)
	cur := tx.Bucket(bStats).Cursor()
	for _, dim := range []string{ByHall, ByService, ByWindow, ByStaff, ByDepartment} {
		prefix := []byte(statKey(dim, day, ""))
		for k, v := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			if err := json.Unmarshal(v, s.counts(dim, string(k[len(prefix):]))); err != nil {
				return nil, fmt.Errorf("%w: stats %s: %v", ErrCorrupt, k, err)
			}
		}
	}
	return s, nil
}

var bStats = []byte("stats") // dimension|day|value → Counts

// Row is one line of a report: a dimension value, its counts (with the
// histograms behind the charts: tickets by hour, waits in 5-minute buckets,
// evaluations by level) and its indicators.
type Row struct {
	Key             string   `json:"key"`
	Name            string   `json:"name,omitempty"`
	Counts          Counts   `json:"counts"`
	WaitAvgS        *float64 `json:"wait_avg_s,omitempty"`
	WaitP90S        *int64   `json:"wait_p90_s,omitempty"` // to the histogram's 5-minute resolution
	WaitMaxS        int64    `json:"wait_max_s"`
	ServiceAvgS     *float64 `json:"service_avg_s,omitempty"`
	GoodRate        *float64 `json:"good_rate,omitempty"`        // 好评率: levels 3–5 ÷ evaluated
	ActiveRate      *float64 `json:"active_rate,omitempty"`      // 主动评价率: active ÷ served
	UnevaluatedRate *float64 `json:"unevaluated_rate,omitempty"` // 未评价率: (served − evaluated) ÷ served
	OnTimeRate      *float64 `json:"on_time_rate,omitempty"`     // 按期办结率: on time ÷ finished
	Utilisation     *float64 `json:"utilisation,omitempty"`      // service time ÷ open time (windows, staff, hall)
}

// Dimensions of a report.
const (
	ByHall       = "hall"
	ByService    = "service"
	ByWindow     = "window"
	ByStaff      = "staff"
	ByDepartment = "department"
	ByDay        = "day"
)

// Report sums the daily figures of from…to (hall days, inclusive) by one
// dimension and computes the indicators.
func (e *Engine) Report(from, to, by string) ([]Row, error) {
	if _, err := time.Parse(time.DateOnly, from); err != nil {
		return nil, refuse(ErrBadInput, "bad_date", "起始日期格式应为 YYYY-MM-DD")
	}
	if _, err := time.Parse(time.DateOnly, to); err != nil || to < from {
		return nil, refuse(ErrBadInput, "bad_date", "结束日期格式应为 YYYY-MM-DD，且不早于起始日期")
	}
	// Everything emitted so far is committed; the windows open now are
	// noted, since their open time is recorded only when they close.
	var open []openNow
	if err := e.read(func() { open = e.openNow() }); err != nil {
		return nil, err
	}
	if by != ByHall && by != ByDay && by != ByService && by != ByWindow && by != ByStaff && by != ByDepartment {
		return nil, refuse(ErrBadInput, "bad_dimension", "统计维度只能是 hall、day、service、window、staff 或 department")
	}
	dim := by
	if by == ByDay {
		dim = ByHall // the hall's records, one per day
	}
	sums := map[string]*Counts{}
	err := viewDB(e.db, func(tx *bolt.Tx) error {
		c := tx.Bucket(bStats).Cursor()
		end := statKey(dim, to, "\xff")
		for k, v := c.Seek([]byte(statKey(dim, from, ""))); k != nil && string(k) <= end; k, v = c.Next() {
			_, rest, _ := strings.Cut(string(k), "|")
			day, value, _ := strings.Cut(rest, "|")
			var cnt Counts
			if err := json.Unmarshal(v, &cnt); err != nil {
				return fmt.Errorf("%w: stats %s: %v", ErrCorrupt, k, err)
			}
			key := value
			switch by {
			case ByHall:
				key = "hall"
			case ByDay:
				key = day
			}
			if sums[key] == nil {
				sums[key] = &Counts{}
			}
			sums[key].add(&cnt)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, o := range open {
		if o.day < from || o.day > to {
			continue
		}
		for _, key := range o.keys(by) {
			if sums[key] == nil {
				sums[key] = &Counts{}
			}
			sums[key].OpenSecs += o.secs
		}
	}
	rows := make([]Row, 0, len(sums))
	for _, key := range slices.Sorted(maps.Keys(sums)) {
		rows = append(rows, e.row(by, key, sums[key]))
	}
	return rows, nil
}

func (e *Engine) row(by, key string, c *Counts) Row {
	r := Row{Key: key, Counts: *c, WaitMaxS: c.WaitMax}
	ratio := func(a, b int) *float64 {
		if b == 0 {
			return nil
		}
		f := float64(a) / float64(b)
		return &f
	}
	switch by {
	case ByService:
		if s := e.hall.ServiceByID(key); s != nil {
			r.Name = s.Name
		}
	case ByStaff:
		if s := e.hall.StaffByID(key); s != nil {
			r.Name = s.Name
		}
	case ByWindow:
		if n, err := strconv.Atoi(key); err == nil && e.hall.WindowByNumber(n) != nil {
			r.Name = e.hall.WindowByNumber(n).Name
		}
	}
	if c.WaitN > 0 {
		avg := float64(c.WaitSum) / float64(c.WaitN)
		r.WaitAvgS = &avg
		need, seen := (c.WaitN*9+9)/10, 0 // the 90th percentile's rank
		for i, n := range c.WaitHist {
			if seen += n; seen >= need {
				p := int64(min((i+1)*waitBucket, int(c.WaitMax)))
				r.WaitP90S = &p
				break
			}
		}
	}
	if c.ServiceN > 0 {
		avg := float64(c.ServiceSum) / float64(c.ServiceN)
		r.ServiceAvgS = &avg
	}
	if c.Levels != nil {
		r.GoodRate = ratio(c.Levels[3]+c.Levels[4]+c.Levels[5], c.Evaluated+c.CaseRated)
	}
	r.ActiveRate = ratio(c.Active, c.Served)
	r.UnevaluatedRate = ratio(max(c.Served-c.Evaluated, 0), c.Served)
	r.OnTimeRate = ratio(c.OnTime, c.Finished)
	if c.OpenSecs > 0 {
		u := float64(c.ServiceSum) / float64(c.OpenSecs)
		r.Utilisation = &u
	}
	return r
}

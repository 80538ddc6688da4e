package workday

import (
	"embed"
	"fmt"
	"math/bits"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed holidays/*.json
var builtin embed.FS

// words is the number of 64-bit words holding one year's days.
const words = 6 // 6*64 = 384 ≥ 366

// year is one year's working days as a bitset: bit i of the bitset is day
// i of the year (0 = 1 January). Values are immutable once built.
type year struct {
	work   [words]uint64
	off    [words]uint64 // holidays: a table's days off, or the fixed statutory ones
	total  int           // working days in the year
	table  bool          // built from an official table (else provisional)
	notice string        // the table's notice
}

// plain holds the bitsets for years without a table, indexed by the
// holiday law's version (see statutes), the weekday of 1 January and
// leap-ness: Monday to Friday, less the fixed-date statutory holidays.
var plain [len(statutes)][7][2]year

func init() {
	for law, st := range statutes {
		for wd := range 7 {
			for leap := range 2 {
				y := &plain[law][wd][leap]
				for i := range 365 + leap {
					if d := (wd + i) % 7; d != int(time.Saturday) && d != int(time.Sunday) {
						y.work[i/64] |= 1 << (i % 64)
					}
				}
				for _, md := range st.days {
					i := yearDay(md, leap == 1)
					y.work[i/64] &^= 1 << (i % 64)
					y.off[i/64] |= 1 << (i % 64)
				}
				y.total = popcount(&y.work)
			}
		}
	}
}

func popcount(w *[words]uint64) int {
	n := 0
	for _, x := range w {
		n += bits.OnesCount64(x)
	}
	return n
}

// plainYear returns the provisional bitset for year y (no table).
func plainYear(y int) *year {
	leap := 0
	if isLeap(y) {
		leap = 1
	}
	return &plain[lawOf(y)][weekdayOf(Date{y, time.January, 1}.days())][leap]
}

// newYear builds the bitset of a validated table.
func newYear(t *Table) *year {
	// The table alone says which days differ from Monday to Friday: it
	// lists the fixed statutory holidays itself.
	y := year{table: true, notice: t.Notice}
	start := Date{t.Year, time.January, 1}.days()
	for i := range daysInYear(t.Year) {
		if wd := weekdayOf(start + i); wd != time.Saturday && wd != time.Sunday {
			y.work[i/64] |= 1 << (i % 64)
		}
	}
	for _, d := range t.Days {
		i := d.Date.days() - start
		if d.Off {
			y.work[i/64] &^= 1 << (i % 64)
			y.off[i/64] |= 1 << (i % 64)
		} else {
			y.work[i/64] |= 1 << (i % 64)
		}
	}
	y.total = popcount(&y.work)
	return &y
}

// snapshot is an immutable set of tables, years[i] being year base+i (nil
// when there is no table). Readers use it without locks.
type snapshot struct {
	base  int
	years []*year
}

// get returns year y's bitset and whether it comes from a table.
func (s *snapshot) get(y int) *year {
	if s != nil {
		if i := y - s.base; i >= 0 && i < len(s.years) && s.years[i] != nil {
			return s.years[i]
		}
	}
	return plainYear(y)
}

// with returns a copy of s with y set.
func (s *snapshot) with(yr int, y *year) *snapshot {
	if s == nil || len(s.years) == 0 {
		return &snapshot{base: yr, years: []*year{y}}
	}
	lo, hi := min(s.base, yr), max(s.base+len(s.years)-1, yr)
	n := &snapshot{base: lo, years: make([]*year, hi-lo+1)}
	copy(n.years[s.base-lo:], s.years)
	n.years[yr-lo] = y
	return n
}

// Calendar answers working-day questions from the loaded holiday tables.
// It is safe for concurrent use; loading a table never blocks readers.
// The zero Calendar has no tables (every answer provisional) and uses
// time.Local; use New.
type Calendar struct {
	loc *time.Location
	mu  sync.Mutex // serialises Load
	cur atomic.Pointer[snapshot]
}

// New returns a Calendar with the built-in tables (2025, 2026) that turns
// acceptance times into dates in loc, the hall's time zone (time.Local when
// nil — wrong on a machine left in UTC, so pass the hall's zone).
func New(loc *time.Location) *Calendar {
	c := &Calendar{loc: loc}
	ents, err := builtin.ReadDir("holidays")
	if err != nil {
		panic("workday: built-in tables: " + err.Error())
	}
	for _, e := range ents {
		data, err := builtin.ReadFile(path.Join("holidays", e.Name()))
		if err == nil {
			var y int
			y, err = c.Load(data)
			if err == nil && strconv.Itoa(y)+".json" != e.Name() {
				err = fmt.Errorf("file describes year %d", y)
			}
		}
		if err != nil { // the files are part of the build and tested
			panic("workday: built-in table " + e.Name() + ": " + err.Error())
		}
	}
	return c
}

// Location returns the zone in which Deadline reads acceptance times.
func (c *Calendar) Location() *time.Location {
	if c.loc == nil {
		return time.Local
	}
	return c.loc
}

// Load parses and validates a holiday table (see ParseTable) and installs
// it, replacing any table, built-in or loaded, for the same year. It returns
// the table's year. On error nothing changes.
func (c *Calendar) Load(data []byte) (int, error) {
	t, err := ParseTable(data)
	if err != nil {
		return 0, err
	}
	y := newYear(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cur.Store(c.cur.Load().with(t.Year, y))
	return t.Year, nil
}

// Years returns the years that have a table, in order.
func (c *Calendar) Years() []int {
	s := c.cur.Load()
	if s == nil {
		return nil
	}
	var out []int
	for i, y := range s.years {
		if y != nil {
			out = append(out, s.base+i)
		}
	}
	return out
}

// Notice returns the notice named by year y's table, and whether there is one.
func (c *Calendar) Notice(y int) (string, bool) {
	yr := c.cur.Load().get(y)
	return yr.notice, yr.table
}

// IsWorkday reports whether d is a working day; provisional is true when
// d's year has no table and the answer follows the Monday-to-Friday rule
// less the fixed-date statutory holidays (see the package doc).
func (c *Calendar) IsWorkday(d Date) (work, provisional bool) {
	k, prov := c.Kind(d)
	return k == Workday || k == Adjusted, prov
}

// Kind is what the official calendar makes of a day.
type Kind int

// Kinds of day.
const (
	Workday  Kind = iota // Monday to Friday, not a holiday
	Restday              // Saturday or Sunday, not a working day
	Holiday              // a day off of the table (or a fixed statutory holiday)
	Adjusted             // 调休上班: a Saturday or Sunday the notice makes a working day
)

func (k Kind) String() string {
	switch k {
	case Workday:
		return "workday"
	case Restday:
		return "restday"
	case Holiday:
		return "holiday"
	case Adjusted:
		return "adjusted"
	}
	return "Kind(?)"
}

// Kind classes d; provisional is true when d's year has no table.
func (c *Calendar) Kind(d Date) (k Kind, provisional bool) {
	d = d.norm()
	yr := c.cur.Load().get(d.Year)
	i := d.days() - Date{d.Year, time.January, 1}.days()
	bit := uint64(1) << (i % 64)
	weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
	switch {
	case yr.work[i/64]&bit != 0 && weekend:
		k = Adjusted
	case yr.work[i/64]&bit != 0:
		k = Workday
	case yr.off[i/64]&bit != 0:
		k = Holiday
	default:
		k = Restday
	}
	return k, !yr.table
}

// String lists the years with tables, for logs.
func (c *Calendar) String() string {
	ys := c.Years()
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return "workday.Calendar{" + strings.Join(s, ",") + "}"
}

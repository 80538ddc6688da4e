package workday

import (
	"math/bits"
	"time"
)

// Interval is a pause of the clock: 补正 (missing materials), or a hearing,
// testing or expert review (行政许可法 art. 45). From is the day the clock
// stopped and To the day the materials (or the result) arrived; neither day
// counts, nor does any day between them, and the clock runs again from the
// day after To. A zero To means the pause is still open. An Interval whose
// To is before its From is ignored.
type Interval struct {
	From, To Date
}

// openEnd stands for the To of an open pause; far enough to never be
// reached, small enough that subtracting a day number cannot overflow.
const openEnd = 1 << 30 // fits a 32-bit int (armhf boards)

// pause is an Interval as inclusive day numbers.
type pause struct{ lo, hi int }

// Deadline returns the due date of a case accepted at accepted (read in the
// Calendar's location) with a promised period of n working days and the
// given pauses. See DeadlineFrom.
func (c *Calendar) Deadline(accepted time.Time, n int, paused []Interval) (due Date, provisional bool) {
	return c.DeadlineFrom(DateOf(accepted, c.Location()), n, paused)
}

// DeadlineFrom returns the n-th working day after the acceptance day,
// skipping the days of the pauses (so the working days a pause consumed are
// added back at the end). provisional is true when any day from the day after
// acceptance to the due date lies in a year without a table.
//
// n ≤ 0 (即办件) gives the acceptance day itself. The zero Date means there is
// no due date: an open pause began on or before the day the period would
// end, or the date is outside years 1–9999.
func (c *Calendar) DeadlineFrom(accepted Date, n int, paused []Interval) (due Date, provisional bool) {
	acc := accepted.days()
	if y := fromDays(acc).Year; y < 1 || y > MaxTableYear {
		return Date{}, false
	}
	if n <= 0 {
		return fromDays(acc), false
	}
	start := acc + 1
	var buf [4]pause // cases rarely pause more than a few times
	ps := buf[:0]
	for _, p := range paused {
		lo, hi := p.From.days(), openEnd
		if !p.To.IsZero() {
			hi = p.To.days()
		}
		if hi < lo || hi < start {
			continue // reversed, or over before counting began
		}
		ps = append(ps, pause{max(lo, start), hi})
	}

	s := c.cur.Load()
	yr := fromDays(start).Year
	ys := Date{yr, time.January, 1}.days()
	off := start - ys // first day of yr still to look at
	need := n
	for ; yr <= MaxTableYear; yr++ {
		y := s.get(yr)
		if !y.table {
			provisional = true
		}
		ye := ys + daysInYear(yr) - 1
		overlap := false
		for _, p := range ps {
			if p.lo <= ye && p.hi >= ys+off {
				if p.hi == openEnd && p.lo <= ys+off {
					return Date{}, false // paused from here on
				}
				overlap = true
			}
		}
		if !overlap && off == 0 && y.total < need {
			need -= y.total // the whole year counts; skip it
		} else {
			for w := off / 64; w < words; w++ {
				b := y.work[w] & dayMask(w, off, 365)
				if overlap {
					for _, p := range ps {
						b &^= dayMask(w, p.lo-ys, p.hi-ys)
					}
				}
				if k := bits.OnesCount64(b); k < need {
					need -= k
					continue
				}
				return fromDays(ys + w*64 + nthBit(b, need)), provisional
			}
		}
		ys, off = ye+1, 0
	}
	return Date{}, false
}

// Between returns the number of working days after from up to and including
// to (0 when to is not after from); provisional is true when a day of that
// range lies in a year without a table. Dates outside years 1–9999 give 0.
func (c *Calendar) Between(from, to Date) (n int, provisional bool) {
	from, to = from.norm(), to.norm()
	if !to.After(from) || from.Year < 1 || to.Year > MaxTableYear {
		return 0, false
	}
	a, b := from.days()+1, to.days()
	s := c.cur.Load()
	yr := fromDays(a).Year
	for ys := (Date{yr, time.January, 1}).days(); ys <= b; yr++ {
		y := s.get(yr)
		if !y.table {
			provisional = true
		}
		ye := ys + daysInYear(yr) - 1
		lo, hi := max(a, ys)-ys, min(b, ye)-ys
		if lo == 0 && hi == ye-ys {
			n += y.total
		} else {
			for w := lo / 64; w <= hi/64; w++ {
				n += bits.OnesCount64(y.work[w] & dayMask(w, lo, hi))
			}
		}
		ys = ye + 1
	}
	return n, provisional
}

// Remaining returns the working days left until due as seen on today: the
// working days after today up to and including due, so 0 on the due day
// itself. When today is past due it is negative: minus the working days
// after due up to and including today, and at least 1 overdue (a case due on
// Friday is -1 on the Saturday, the Sunday and the Monday, -2 on Tuesday).
// due must be a real due date, not the zero Date DeadlineFrom returns while a
// pause is open (show 暂停计时 instead).
func (c *Calendar) Remaining(today, due Date) int {
	switch today.Compare(due) {
	case 0:
		return 0
	case -1:
		n, _ := c.Between(today, due)
		return n
	}
	n, _ := c.Between(due, today)
	return -max(n, 1)
}

// Card is the 电子监察 warning for a deadline.
type Card int

// Cards, in increasing severity.
const (
	NoCard Card = iota // on time, not near
	Yellow             // near: few working days remain
	Red                // overdue
)

// DefaultYellowWithin is the brief's default for yellow: ≤ 1 working day left.
const DefaultYellowWithin = 1

func (k Card) String() string {
	switch k {
	case NoCard:
		return "none"
	case Yellow:
		return "yellow"
	case Red:
		return "red"
	}
	return "Card(?)"
}

// Card returns Red when today is past due and Yellow when at most
// yellowWithin working days remain (see Remaining; the due day itself has 0
// left, so it is always yellow unless yellowWithin < 0).
func (c *Calendar) Card(today, due Date, yellowWithin int) Card {
	r := c.Remaining(today, due)
	switch {
	case r < 0:
		return Red
	case r <= yellowWithin:
		return Yellow
	}
	return NoCard
}

// dayMask returns the bits of word w that stand for days lo..hi (day
// indexes within the year, inclusive; any values, clamped to the word).
func dayMask(w, lo, hi int) uint64 {
	base := w * 64
	if hi < base || lo > base+63 || hi < lo {
		return 0
	}
	l, h := max(lo-base, 0), min(hi-base, 63)
	return (^uint64(0) >> (63 - h)) &^ (1<<l - 1)
}

// nthBit returns the index of the n-th (1-based) set bit of x; x has at
// least n set bits.
func nthBit(x uint64, n int) int {
	for ; n > 1; n-- {
		x &= x - 1
	}
	return bits.TrailingZeros64(x)
}

package workday

import (
	"errors"
	"fmt"
	"time"
)

// ErrDate reports a string that is not a valid YYYY-MM-DD date.
var ErrDate = errors.New("workday: invalid date")

// Date is a civil date (year, month, day) with no time of day and no zone.
// The zero Date means "no date". A Date with a day or month out of range is
// normalised the way time.Date does (Date{2025, 1, 32} is 2025-02-01).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t as seen in loc (t's own location
// when loc is nil).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses exactly "YYYY-MM-DD" (four-digit year, two-digit month
// and day) and rejects days that do not exist, such as 2025-02-29.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w: %q: want YYYY-MM-DD", ErrDate, s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%w: %q: want YYYY-MM-DD", ErrDate, s)
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, time.Month(m)) {
		return Date{}, fmt.Errorf("%w: %q: no such day", ErrDate, s)
	}
	return Date{y, time.Month(m), d}, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	d = d.norm()
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText formats d as YYYY-MM-DD (so JSON carries "2025-10-10").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD strictly, as ParseDate does.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.days(), e.days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.days() < e.days() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.days() > e.days() }

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// Time returns midnight at the start of d in loc (UTC when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

func (d Date) norm() Date { return fromDays(d.days()) }

// days returns the day number of d counted from 1970-01-01 (day 0) in the
// proleptic Gregorian calendar. It is linear in Day, so out-of-range days
// normalise like time.Date; months are normalised first.
// Algorithm: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
func (d Date) days() int {
	y, m := d.Year, int(d.Month)
	if m < 1 || m > 12 {
		y += floorDiv(m-1, 12)
		m = floorMod(m-1, 12) + 1
	}
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDays is the inverse of Date.days.
func fromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekdayOf returns the weekday of day number z (1970-01-01 was a Thursday).
func weekdayOf(z int) time.Weekday { return time.Weekday(floorMod(z+4, 7)) }

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInYear(y int) int {
	if isLeap(y) {
		return 366
	}
	return 365
}

func daysInMonth(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

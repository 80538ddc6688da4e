package workday

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrTable reports a holiday table that is not valid; the wrapped message
// names the field or the date at fault.
var ErrTable = errors.New("workday: invalid holiday table")

// Years a table may describe. The current holiday system dates from 1999;
// the upper bound keeps dates four-digit.
const (
	MinTableYear = 1999
	MaxTableYear = 9999
)

// Table is one year's official holiday notice: the days that differ from the
// Monday-to-Friday rule. It is the parsed form of holidays/YYYY.json:
//
//	{"year": 2025, "notice": "国务院办公厅关于…的通知…",
//	 "days": [{"date": "2025-01-01", "name": "元旦", "off": true}, …]}
type Table struct {
	Year   int
	Notice string // the notice it was copied from (title, number, date)
	Days   []Day
}

// Day is one entry of a Table.
type Day struct {
	Date Date
	Name string // the festival, e.g. 春节
	Off  bool   // true: holiday (放假); false: adjusted working day (调休上班)
}

// ParseTable parses and validates a holiday table. It is strict, because a
// wrong table silently moves every deadline: only the fields year, notice,
// days and, per day, date, name, off are allowed, each exactly once and
// spelt exactly so; all are required; every date is a real day of that year;
// no date appears twice (in particular not as both holiday and working day);
// an adjusted working day must fall on a Saturday or Sunday; nothing may
// follow the object.
func ParseTable(data []byte) (*Table, error) {
	p := tableParser{dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	t, err := p.table()
	if err != nil {
		return nil, err
	}
	if err := t.validate(); err != nil {
		return nil, err
	}
	return t, nil
}

type tableParser struct {
	dec *json.Decoder
}

func (p *tableParser) fail(where, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrTable, where, fmt.Sprintf(format, args...))
}

// token reads the next token; syntax errors and early EOF become ErrTable.
func (p *tableParser) token(where string) (json.Token, error) {
	tok, err := p.dec.Token()
	if err == io.EOF {
		return nil, p.fail(where, "unexpected end of input")
	}
	if err != nil {
		return nil, p.fail(where, "%v", err)
	}
	return tok, nil
}

func (p *tableParser) delim(where string, want json.Delim) error {
	tok, err := p.token(where)
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return p.fail(where, "want %q, got %s", want, describe(tok))
	}
	return nil
}

// key reads an object key and rejects a repeated one.
func (p *tableParser) key(where string, seen map[string]bool) (string, error) {
	tok, err := p.token(where)
	if err != nil {
		return "", err
	}
	k, ok := tok.(string)
	if !ok {
		return "", p.fail(where, "want a field name, got %s", describe(tok))
	}
	if seen[k] {
		return "", p.fail(where, "field %q given twice", k)
	}
	seen[k] = true
	return k, nil
}

func (p *tableParser) str(where string) (string, error) {
	tok, err := p.token(where)
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", p.fail(where, "want a string, got %s", describe(tok))
	}
	return s, nil
}

func (p *tableParser) table() (*Table, error) {
	if err := p.delim("table", '{'); err != nil {
		return nil, err
	}
	t := &Table{}
	seen := map[string]bool{}
	for p.dec.More() {
		k, err := p.key("table", seen)
		if err != nil {
			return nil, err
		}
		switch k {
		case "year":
			tok, err := p.token("year")
			if err != nil {
				return nil, err
			}
			n, ok := tok.(json.Number)
			if !ok {
				return nil, p.fail("year", "want an integer, got %s", describe(tok))
			}
			y, err := strconv.Atoi(n.String())
			if err != nil {
				return nil, p.fail("year", "want an integer, got %s", n)
			}
			t.Year = y
		case "notice":
			if t.Notice, err = p.str("notice"); err != nil {
				return nil, err
			}
		case "days":
			if t.Days, err = p.days(); err != nil {
				return nil, err
			}
		default:
			return nil, p.fail("table", "unknown field %q", k)
		}
	}
	if err := p.delim("table", '}'); err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.fail("table", "data after the closing brace")
	}
	for _, k := range []string{"year", "notice", "days"} {
		if !seen[k] {
			return nil, p.fail(k, "missing")
		}
	}
	return t, nil
}

func (p *tableParser) days() ([]Day, error) {
	if err := p.delim("days", '['); err != nil {
		return nil, err
	}
	var out []Day
	for i := 0; p.dec.More(); i++ {
		d, err := p.day(fmt.Sprintf("days[%d]", i))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := p.delim("days", ']'); err != nil {
		return nil, err
	}
	return out, nil
}

func (p *tableParser) day(where string) (Day, error) {
	var d Day
	if err := p.delim(where, '{'); err != nil {
		return d, err
	}
	seen := map[string]bool{}
	for p.dec.More() {
		k, err := p.key(where, seen)
		if err != nil {
			return d, err
		}
		field := where + "." + k
		switch k {
		case "date":
			s, err := p.str(field)
			if err != nil {
				return d, err
			}
			if d.Date, err = ParseDate(s); err != nil {
				return d, p.fail(field, "%q is not a YYYY-MM-DD day", s)
			}
		case "name":
			if d.Name, err = p.str(field); err != nil {
				return d, err
			}
		case "off":
			tok, err := p.token(field)
			if err != nil {
				return d, err
			}
			b, ok := tok.(bool)
			if !ok {
				return d, p.fail(field, "want true or false, got %s", describe(tok))
			}
			d.Off = b
		default:
			return d, p.fail(where, "unknown field %q", k)
		}
	}
	if err := p.delim(where, '}'); err != nil {
		return d, err
	}
	for _, k := range []string{"date", "name", "off"} {
		if !seen[k] {
			return d, p.fail(where+"."+k, "missing")
		}
	}
	return d, nil
}

// describe names a token's kind for error messages.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "number " + v.String()
	case string:
		return strconv.Quote(v)
	case json.Delim:
		return strconv.Quote(v.String())
	}
	return fmt.Sprintf("%v", tok)
}

// validate checks the meaning of a syntactically valid table.
func (t *Table) validate() error {
	if t.Year < MinTableYear || t.Year > MaxTableYear {
		return fmt.Errorf("%w: year: %d is outside %d–%d", ErrTable, t.Year, MinTableYear, MaxTableYear)
	}
	if strings.TrimSpace(t.Notice) == "" {
		return fmt.Errorf("%w: notice: empty (name the official notice)", ErrTable)
	}
	if len(t.Days) == 0 {
		return fmt.Errorf("%w: days: empty", ErrTable)
	}
	first := map[Date]int{}
	for i, d := range t.Days {
		if d.Date.Year != t.Year {
			return fmt.Errorf("%w: days[%d].date %s: not in year %d", ErrTable, i, d.Date, t.Year)
		}
		if strings.TrimSpace(d.Name) == "" {
			return fmt.Errorf("%w: days[%d].name: empty for %s", ErrTable, i, d.Date)
		}
		if !d.Off {
			if wd := d.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				return fmt.Errorf("%w: days[%d] %s: a working day (off: false) must be a Saturday or Sunday, this is a %s",
					ErrTable, i, d.Date, wd)
			}
		}
		if j, dup := first[d.Date]; dup {
			if t.Days[j].Off != d.Off {
				return fmt.Errorf("%w: %s is both a holiday and a working day (days[%d], days[%d])", ErrTable, d.Date, j, i)
			}
			return fmt.Errorf("%w: %s is listed twice (days[%d], days[%d])", ErrTable, d.Date, j, i)
		}
		first[d.Date] = i
	}
	return nil
}

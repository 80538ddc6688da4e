package workday

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestBuiltinTables(t *testing.T) {
	c := New(nil)
	if got := c.Years(); len(got) != 2 || got[0] != 2025 || got[1] != 2026 {
		t.Fatalf("Years() = %v, want [2025 2026]", got)
	}
	for _, y := range []int{2025, 2026} {
		data, err := os.ReadFile("holidays/" + itoa(y) + ".json")
		if err != nil {
			t.Fatal(err)
		}
		tb, err := ParseTable(data)
		if err != nil {
			t.Fatalf("%d: %v", y, err)
		}
		if n, ok := c.Notice(y); !ok || n != tb.Notice || !strings.Contains(n, "国务院办公厅") {
			t.Errorf("Notice(%d) = %q, %v", y, n, ok)
		}
	}
	if _, ok := c.Notice(2027); ok {
		t.Error("Notice(2027) reported a table")
	}
	if got := c.String(); got != "workday.Calendar{2025,2026}" {
		t.Errorf("String() = %q", got)
	}
}

func TestParseTableContents(t *testing.T) {
	data, err := os.ReadFile("holidays/2025.json")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ParseTable(data)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Year != 2025 || len(tb.Days) != 33 {
		t.Fatalf("year %d, %d days; want 2025, 33", tb.Year, len(tb.Days))
	}
	want := Day{Date{2025, 1, 26}, "春节", false}
	if tb.Days[1] != want {
		t.Errorf("days[1] = %+v, want %+v", tb.Days[1], want)
	}
}

// good is a valid table; the cases below each break one thing in it.
const good = `{"year": 2027, "notice": "fixture", "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}`

func TestParseTableRejects(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "unexpected end"},
		{"not object", `[]`, `want "{"`},
		{"syntax", `{"year": 2027,}`, "invalid character"},
		{"trailing", good + ` {}`, "data after"},
		{"trailing junk", good + `x`, "data after"},
		{"unknown field", strings.Replace(good, `"notice"`, `"notes"`, 1), `unknown field "notes"`},
		{"case matters", strings.Replace(good, `"year"`, `"Year"`, 1), `unknown field "Year"`},
		{"duplicate field", `{"year": 2027, "year": 2027, "notice": "n", "days": []}`, `field "year" given twice`},
		{"missing year", `{"notice": "n", "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}`, "year: missing"},
		{"missing notice", `{"year": 2027, "days": [{"date": "2027-01-01", "name": "元旦", "off": true}]}`, "notice: missing"},
		{"missing days", `{"year": 2027, "notice": "n"}`, "days: missing"},
		{"year string", strings.Replace(good, `2027,`, `"2027",`, 1), `year: want an integer, got "2027"`},
		{"year float", strings.Replace(good, `2027,`, `2027.0,`, 1), "year: want an integer"},
		{"year exp", strings.Replace(good, `2027,`, `2.027e3,`, 1), "year: want an integer"},
		{"year range", strings.Replace(good, `2027,`, `1998,`, 1), "year: 1998 is outside"},
		{"empty notice", strings.Replace(good, `"fixture"`, `" "`, 1), "notice: empty"},
		{"days null", `{"year": 2027, "notice": "n", "days": null}`, `days: want "["`},
		{"no days", `{"year": 2027, "notice": "n", "days": []}`, "days: empty"},
		{"day unknown field", strings.Replace(good, `"off": true`, `"off": true, "kind": 1`, 1), `days[0]: unknown field "kind"`},
		{"day missing off", strings.Replace(good, `, "off": true`, ``, 1), "days[0].off: missing"},
		{"day missing name", strings.Replace(good, `"name": "元旦", `, ``, 1), "days[0].name: missing"},
		{"day missing date", strings.Replace(good, `"date": "2027-01-01", `, ``, 1), "days[0].date: missing"},
		{"off null", strings.Replace(good, `"off": true`, `"off": null`, 1), "days[0].off: want true or false, got null"},
		{"off string", strings.Replace(good, `"off": true`, `"off": "true"`, 1), "days[0].off: want true or false"},
		{"off number", strings.Replace(good, `"off": true`, `"off": 1`, 1), "days[0].off: want true or false, got number 1"},
		{"name empty", strings.Replace(good, `"元旦"`, `""`, 1), "days[0].name: empty for 2027-01-01"},
		{"date format", strings.Replace(good, `"2027-01-01"`, `"2027-1-1"`, 1), `days[0].date: "2027-1-1" is not`},
		{"date impossible", strings.Replace(good, `"2027-01-01"`, `"2027-02-29"`, 1), `days[0].date: "2027-02-29" is not`},
		{"date wrong year", strings.Replace(good, `"2027-01-01"`, `"2026-12-31"`, 1), "days[0].date 2026-12-31: not in year 2027"},
		{"duplicate day key", strings.Replace(good, `"off": true`, `"off": true, "off": false`, 1), `days[0]: field "off" given twice`},
		{"weekday working day", strings.Replace(good, `"off": true`, `"off": false`, 1), "days[0] 2027-01-01: a working day (off: false) must be a Saturday or Sunday, this is a Friday"},
		{"both", `{"year": 2027, "notice": "n", "days": [
			{"date": "2027-01-02", "name": "元旦", "off": true},
			{"date": "2027-01-02", "name": "元旦", "off": false}]}`,
			"2027-01-02 is both a holiday and a working day (days[0], days[1])"},
		{"twice", `{"year": 2027, "notice": "n", "days": [
			{"date": "2027-01-01", "name": "元旦", "off": true},
			{"date": "2027-01-04", "name": "元旦", "off": true},
			{"date": "2027-01-01", "name": "元旦", "off": true}]}`,
			"2027-01-01 is listed twice (days[0], days[2])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := ParseTable([]byte(tt.in))
			if !errors.Is(err, ErrTable) {
				t.Fatalf("got %+v, %v; want ErrTable", tb, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			c := New(nil)
			if y, err := c.Load([]byte(tt.in)); err == nil || y != 0 {
				t.Errorf("Load = %d, %v", y, err)
			}
			if got := c.Years(); len(got) != 2 {
				t.Errorf("a failed Load changed the years: %v", got)
			}
		})
	}
	if _, err := ParseTable([]byte(good)); err != nil {
		t.Fatalf("the base of these cases is itself invalid: %v", err)
	}
}

// jsonTable mirrors the file format, for re-encoding in the fuzz test.
type jsonTable struct {
	Year   int       `json:"year"`
	Notice string    `json:"notice"`
	Days   []jsonDay `json:"days"`
}

type jsonDay struct {
	Date string `json:"date"`
	Name string `json:"name"`
	Off  bool   `json:"off"`
}

func FuzzParseTable(f *testing.F) {
	for _, name := range []string{"holidays/2025.json", "holidays/2026.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(good))
	f.Add([]byte(table2027))
	f.Add([]byte(`{"year": 2027, "notice": "n", "days": [{"date": "2027-01-02", "name": "x", "off": false}]}`))
	f.Add([]byte(`{"year":2027,"notice":"n","days":[{"date":"2027-01-02","name":"x","off":true},{"date":"2027-01-02","name":"x","off":false}]}`))
	f.Add([]byte(`{"year": 2027}`))
	f.Add([]byte(`{"days": [[[[]]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ParseTable(data)
		if err != nil {
			if !errors.Is(err, ErrTable) {
				t.Fatalf("error %v is not ErrTable", err)
			}
			if tb != nil {
				t.Fatal("table returned with an error")
			}
			return
		}
		// Any accepted table is also valid JSON and means the same to a
		// plain decoder.
		var plain jsonTable
		if err := json.Unmarshal(data, &plain); err != nil {
			t.Fatalf("accepted input that encoding/json rejects: %v", err)
		}
		if plain.Year != tb.Year || plain.Notice != tb.Notice || len(plain.Days) != len(tb.Days) {
			t.Fatalf("plain decode %+v differs from %+v", plain, tb)
		}
		c := New(nil)
		y, err := c.Load(data)
		if err != nil || y != tb.Year {
			t.Fatalf("Load = %d, %v after ParseTable succeeded", y, err)
		}
		seen := map[Date]bool{}
		for i, d := range tb.Days {
			if plain.Days[i].Date != d.Date.String() || plain.Days[i].Off != d.Off {
				t.Fatalf("days[%d]: plain %+v, parsed %+v", i, plain.Days[i], d)
			}
			if d.Date.Year != tb.Year || seen[d.Date] {
				t.Fatalf("days[%d] %v: wrong year or repeated", i, d.Date)
			}
			seen[d.Date] = true
			work, prov := c.IsWorkday(d.Date)
			if work == d.Off || prov {
				t.Fatalf("IsWorkday(%v) = %v, %v; table says off=%v", d.Date, work, prov, d.Off)
			}
		}
		// Re-encoding the parsed table gives an input that parses the same.
		out := jsonTable{Year: tb.Year, Notice: tb.Notice}
		for _, d := range tb.Days {
			out.Days = append(out.Days, jsonDay{d.Date.String(), d.Name, d.Off})
		}
		again, _ := json.Marshal(out)
		tb2, err := ParseTable(again)
		if err != nil {
			t.Fatalf("re-encoded table rejected: %v\n%s", err, again)
		}
		if tb2.Year != tb.Year || tb2.Notice != tb.Notice || len(tb2.Days) != len(tb.Days) {
			t.Fatal("re-encoded table differs")
		}
		for i := range tb.Days {
			if tb2.Days[i] != tb.Days[i] {
				t.Fatalf("re-encoded days[%d] = %+v, want %+v", i, tb2.Days[i], tb.Days[i])
			}
		}
	})
}

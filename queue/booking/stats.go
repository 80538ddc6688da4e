package booking

import (
	"slices"

	"halld/queue"
	"halld/queue/workday"
)

// DayStats counts one service's appointments on one day: places offered
// (the sum of its slots' capacities), bookings made for the day, and what
// became of them. Late counts no-shows who came after the window and took
// a walk-in ticket.
type DayStats struct {
	Date      string `json:"date"`
	Service   string `json:"service"`
	Places    int    `json:"places"`
	Booked    int    `json:"booked"`
	Cancelled int    `json:"cancelled"`
	CheckedIn int    `json:"checked_in"`
	NoShows   int    `json:"no_shows"`
	Late      int    `json:"late"`
}

// maxStatsDays bounds a statistics query.
const maxStatsDays = 366

// Stats counts appointments per day and service from from to to
// (YYYY-MM-DD, inclusive); a service without slots or bookings on a day
// has no row for it.
func (b *Book) Stats(from, to string) ([]DayStats, error) {
	f, err1 := workday.ParseDate(from)
	t, err2 := workday.ParseDate(to)
	if err1 != nil || err2 != nil {
		return nil, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
	}
	if t.Before(f) || f.AddDays(maxStatsDays).Before(t) {
		return nil, refuse(queue.ErrBadInput, "bad_range", "统计区间应在一年以内，且结束不早于开始")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	out := []DayStats{}
	for d := f; !d.After(t); d = d.AddDays(1) {
		rows := map[string]*DayStats{}
		row := func(svc string) *DayStats {
			if rows[svc] == nil {
				rows[svc] = &DayStats{Date: d.String(), Service: svc}
			}
			return rows[svc]
		}
		for _, s := range b.h.Booking.Services {
			places := 0
			for _, sl := range b.daySlots(b.h.BookingService(s.ID), d) {
				places += sl.Capacity
			}
			if places > 0 {
				row(s.ID).Places = places
			}
		}
		for _, k := range b.byDate[d.String()] {
			r := row(k.Service)
			r.Booked++
			switch k.State {
			case Cancelled:
				r.Cancelled++
			case CheckedIn:
				r.CheckedIn++
			case NoShow:
				r.NoShows++
				if k.Late {
					r.Late++
				}
			}
		}
		keys := make([]string, 0, len(rows))
		for k := range rows {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = append(out, *rows[k])
		}
	}
	return out, nil
}

// DayList is one day's bookings for the admin page, and the blocks in force.
type DayList struct {
	Date     string  `json:"date"`
	Bookings []View  `json:"bookings"`
	Blocks   []Block `json:"blocks"`
}

// List returns date's bookings (in slot order) and the people blocked now.
func (b *Book) List(date string) (DayList, error) {
	if date == "" {
		date = b.h.Day(b.now())
	}
	if _, err := workday.ParseDate(date); err != nil {
		return DayList{}, refuse(queue.ErrBadInput, "bad_date", "日期格式应为 YYYY-MM-DD")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	out := DayList{Date: date, Bookings: []View{}, Blocks: []Block{}}
	for _, k := range b.byDate[date] {
		out.Bookings = append(out.Bookings, b.view(k))
	}
	slices.SortFunc(out.Bookings, func(x, y View) int {
		if x.Start != y.Start {
			return cmpStr(x.Start, y.Start)
		}
		return cmpStr(x.Code, y.Code)
	})
	now := b.now()
	for person := range b.byPerson {
		out.Blocks = append(out.Blocks, b.blocks(person, now)...)
	}
	slices.SortFunc(out.Blocks, func(x, y Block) int {
		if x.Reason != y.Reason {
			return cmpStr(x.Reason, y.Reason)
		}
		return cmpStr(x.IDMasked, y.IDMasked)
	})
	return out, nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

package workday

import "time"

// A year without a table is still not plain Monday to Friday: 《全国年节及纪念日
// 放假办法》 (the holiday law) art. 2 fixes some holidays by Gregorian date,
// and those are days off whatever next year's notice says. Only they are
// applied; the rest is left to the table:
//   - 春节, 端午节 and 中秋节 follow the lunar calendar and 清明节 a solar
//     term (4 or 5 April); none is a simple date, and a wrong guess would
//     close the hall on a working day.
//   - Art. 6 (a holiday on a weekend gives a day off on a working day, 补假)
//     and the 调休 working weekends are placed by each year's State Council
//     notice, not by the law.
//
// So a provisional year still errs towards too many working days around the
// lunar festivals, and its results stay marked provisional.

// monthDay is a day of the Gregorian year.
type monthDay struct {
	month time.Month
	day   int
}

// statute is one version of the holiday law: from its first year on, its
// fixed-date holidays for all citizens.
type statute struct {
	from int // first year it governs whole
	days []monthDay
}

// statutes, oldest first.
var statutes = [...]statute{
	// 国务院令第270号 (1999): 元旦 1 day, 劳动节 3 days, 国庆节 3 days.
	{MinTableYear, []monthDay{{1, 1}, {5, 1}, {5, 2}, {5, 3}, {10, 1}, {10, 2}, {10, 3}}},
	// 国务院令第513号 (2007, in force 2008; 第644号 2013 kept these): 劳动节 1 day.
	{2008, []monthDay{{1, 1}, {5, 1}, {10, 1}, {10, 2}, {10, 3}}},
	// 国务院令第795号 (2024, in force 2025): 劳动节 2 days (1 and 2 May).
	{2025, []monthDay{{1, 1}, {5, 1}, {5, 2}, {10, 1}, {10, 2}, {10, 3}}},
}

// lawOf returns the index in statutes of the law governing year y.
func lawOf(y int) int {
	i := 0
	for j, s := range statutes {
		if y >= s.from {
			i = j
		}
	}
	return i
}

// yearDay is the 0-based day of the year of md.
func yearDay(md monthDay, leap bool) int {
	y := 2001 // any common year
	if leap {
		y = 2000
	}
	return Date{y, md.month, md.day}.days() - Date{y, time.January, 1}.days()
}

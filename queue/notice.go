package queue

import (
	"strings"
	"unicode/utf8"
)

// Events of settings an admin (or the hall's centre, through the same
// verbs) changes.
const (
	EvNotice   = "hall.notice"     // the public notice line changed
	EvHolidays = "holidays.loaded" // an official holiday table was loaded
)

// MaxNotice bounds the notice line, in characters: it scrolls on the big
// screen, so a few sentences at most.
const MaxNotice = 200

// NoticeView is the hall's notice line as events and the hall view carry
// it. Source says who set it: "admin", or the centre's shared key and
// revision ("centre:all.notice#7").
type NoticeView struct {
	Text   string `json:"text"`
	Source string `json:"source,omitempty"`
}

// HolidaysView says which year's holiday table was loaded, and by whom
// (Source as in NoticeView).
type HolidaysView struct {
	Year   int    `json:"year"`
	Source string `json:"source,omitempty"`
}

// SetNotice replaces the hall's public notice line (公告), shown on the big
// screen; "" returns the screen to its configured line. It is checked the
// same whoever sets it: at most MaxNotice characters, one line.
func (e *Engine) SetNotice(text, source string) (NoticeView, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > MaxNotice || strings.ContainsAny(text, "\r\n") || !utf8.ValidString(text) {
		return NoticeView{}, refuse(ErrBadInput, "bad_notice", "公告须为一行文字，不超过%d个字", MaxNotice)
	}
	c, err := e.beginAt(true) // a notice is shown even before the clock is trusted
	if err != nil {
		return NoticeView{}, err
	}
	n := NoticeView{Text: text, Source: source}
	if e.meta.Notice != text {
		e.meta.Notice = text
		c.emit(EvNotice, EventData{Notice: &n})
	}
	return n, e.finish(c, nil)
}

// Notice returns the hall's notice line ("" when none is set).
func (e *Engine) Notice() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.meta.Notice
}

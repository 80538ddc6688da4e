package sms

import (
	"context"
	"halld/queue"
	"strings"
	"testing"
	"time"
)

// TestReminderWithdrawn: a reminder goes ReminderMinutes before its slot,
// with the slot and the code in the text; one withdrawn (the booking
// cancelled) is never sent, even after a restart, and its phone is erased.
func TestReminderWithdrawn(t *testing.T) {
	v := newEnv(t, func(c *Config) { c.ReminderMinutes = 60 })
	loc := v.e.Hall().Location
	start := v.clk.now().In(loc).Add(3 * time.Hour).Truncate(time.Hour)
	a := Reminder{Code: "ABCD2345", Service: "不动产登记", Start: start, End: start.Add(30 * time.Minute)}
	kept, err := v.o.Remind("138 0013 8000", a)
	if err != nil {
		t.Fatal(err)
	}
	want := start.Format("15:04") + "–" + start.Add(30*time.Minute).Format("15:04")
	if kept.Kind != KindReminder || kept.Ref != "ABCD2345" || !strings.Contains(kept.Text, want) || !strings.Contains(kept.Text, "预约码ABCD2345") ||
		kept.NextAt == nil || !kept.NextAt.Equal(start.Add(-time.Hour)) || kept.To != queue.MaskPhone("13800138000") {
		t.Fatalf("reminder %+v", kept)
	}
	b := a
	b.Code = "WXYZ6789"
	if _, err := v.o.Remind("13900001111", b); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ phone, code string }{{"12345", "bad_phone"}, {"13800138000", ""}} {
		if err := v.o.CheckPhone(tc.phone); (err == nil) != (tc.code == "") || err != nil && !strings.Contains(err.Error(), "手机") {
			t.Errorf("CheckPhone(%s) = %v", tc.phone, err)
		}
	}
	if n, err := v.o.Withdraw(KindReminder, "WXYZ6789"); n != 1 || err != nil {
		t.Fatalf("withdraw: %d %v", n, err)
	}
	if n, _ := v.o.Withdraw(KindReminder, "WXYZ6789"); n != 0 {
		t.Errorf("withdrawn twice: %d", n)
	}
	v.reopen()
	s := &fakeSender{}
	v.clk.add(2 * time.Hour) // both due
	v.o.Flush(context.Background(), s)
	v.o.Flush(context.Background(), s)
	if len(s.sent) != 1 || !strings.HasPrefix(s.sent[0], "13800138000|") {
		t.Fatalf("sent %q", s.sent)
	}
	for _, m := range v.o.Status(0).Messages {
		if m.Ref == "WXYZ6789" && m.State != Cancelled {
			t.Errorf("withdrawn message %+v", m)
		}
	}
	v.o.mu.Lock()
	defer v.o.mu.Unlock()
	for _, m := range v.o.msgs {
		if m.State == Cancelled && m.Sealed != nil {
			t.Error("a withdrawn message keeps its phone")
		}
	}
	off := newEnv(t, func(c *Config) { c.Enabled = false })
	if err := off.o.CheckPhone("13800138000"); err == nil || !strings.Contains(err.Error(), "未开通") {
		t.Errorf("disabled: %v", err)
	}
}

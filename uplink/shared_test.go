package uplink_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"halld/hallnet"
	"halld/queue"
	"halld/uplink"
)

// hasEvent reports whether the hall's log holds an event of type typ whose
// data contains want.
func (h *testHall) hasEvent(typ, want string) bool {
	evs, err := h.e.ReadEvents(0, int(h.seq())+1)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == typ && strings.Contains(string(ev.Data), want) {
			return true
		}
	}
	return false
}

func (c *testCentre) put(key string, value []byte) uint64 {
	c.t.Helper()
	ctx := c.ctx()
	kv, err := c.js.KeyValue(ctx, hallnet.SharedBucket)
	if err != nil {
		c.t.Fatal(err)
	}
	rev, err := kv.Put(ctx, key, value)
	if err != nil {
		c.t.Fatal(err)
	}
	return rev
}

func (h *testHall) result(key string) (hallnet.SharedResult, bool) {
	r, ok := h.link.Status().Shared[key]
	return r, ok
}

// What the centre shares is applied through the engine's verbs, checked as
// a local edit is; the hall's own key wins over "all"; a bad push is
// refused with its reason and changes nothing; the live record reports it.
func TestSharedPushes(t *testing.T) {
	c := newCentre(t, hallA)
	h := openHall(t, hallA, "")
	h.start(c.config(hallA))
	waitState(t, h, uplink.StateConnected)

	// A notice for every hall, then this hall's own.
	rev := c.put(hallnet.SharedKeyAll(hallnet.KindNotice), []byte("今日16:00起系统维护，暂停办理不动产登记"))
	eventually(t, 30*time.Second, "the all-halls notice applied", func() bool {
		r, _ := h.result("all.notice") // decided once the verb returned: committed
		return r.Revision == rev && h.e.Notice() == "今日16:00起系统维护，暂停办理不动产登记"
	})
	if !h.hasEvent(queue.EvNotice, "centre:all.notice#") {
		t.Error("the applied notice is not recorded as an event naming the centre")
	}
	if r, _ := h.result("all.notice"); !r.Applied || r.Revision != rev {
		t.Errorf("all.notice result %+v, want applied revision %d", r, rev)
	}
	own := c.put(hallnet.SharedKey(hallA, hallnet.KindNotice), []byte("本厅今日延时服务至19:00"))
	eventually(t, 30*time.Second, "the hall's own notice wins", func() bool {
		r, _ := h.result(hallnet.SharedKey(hallA, hallnet.KindNotice))
		return r.Revision == own && h.e.Notice() == "本厅今日延时服务至19:00"
	})
	c.put(hallnet.SharedKeyAll(hallnet.KindNotice), []byte("另一条全市公告"))
	// A bad notice of its own: refused, nothing changes.
	bad := c.put(hallnet.SharedKey(hallA, hallnet.KindNotice), []byte("两行\n公告"))
	eventually(t, 30*time.Second, "the bad notice refused", func() bool {
		r, ok := h.result(hallnet.SharedKey(hallA, hallnet.KindNotice))
		return ok && r.Revision == bad && !r.Applied && r.Reason != ""
	})
	if n := h.e.Notice(); n != "本厅今日延时服务至19:00" {
		t.Errorf("after a refused push the notice is %q", n)
	}

	// A bad holiday table: refused with the local edit's reason, no event.
	before := h.e.Holidays()
	bad = c.put(hallnet.SharedKeyAll(hallnet.KindHolidays), []byte(`{"year":2031,"days":[{"date":"2031-02-30"}]}`))
	eventually(t, 30*time.Second, "the bad holiday table refused", func() bool {
		r, ok := h.result("all.holidays")
		return ok && r.Revision == bad && !r.Applied
	})
	r, _ := h.result("all.holidays")
	if !strings.Contains(r.Reason, "节假日表格式不正确") {
		t.Errorf("refusal reason %q, want the local edit's", r.Reason)
	}
	if after := h.e.Holidays(); len(after.Years) != len(before.Years) {
		t.Errorf("holiday years %v after a refused table, were %v", after.Years, before.Years)
	}
	if h.hasEvent(queue.EvHolidays, "2031") {
		t.Error("a refused table was recorded as loaded")
	}
	var dev queue.DeviceState
	for _, d := range h.e.Devices() {
		if d.ID == uplink.DeviceID {
			dev = d
		}
	}
	if !strings.Contains(dev.Detail, "all.holidays") {
		t.Errorf("the refusal is not on the link's device record (shown on /admin/): %q", dev.Detail)
	}

	// A good table, for this hall only: applied and recorded.
	table, err := os.ReadFile("../queue/workday/holidays/2026.json")
	if err != nil {
		t.Fatal(err)
	}
	c.put(hallnet.SharedKey(hallA, hallnet.KindHolidays), table)
	eventually(t, 30*time.Second, "the good table applied", func() bool {
		r, ok := h.result(hallnet.SharedKey(hallA, hallnet.KindHolidays))
		return ok && r.Applied
	})
	if !h.hasEvent(queue.EvHolidays, "centre:"+hallA+".holidays#") {
		t.Error("the applied table is not recorded as an event")
	}

	// The live record tells the centre all of it.
	h.work(3)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	kv, err := c.js.KeyValue(ctx, hallnet.LiveBucket)
	if err != nil {
		t.Fatal(err)
	}
	var live hallnet.Live
	eventually(t, 30*time.Second, "the live record up to date", func() bool {
		e, err := kv.Get(ctx, hallA)
		if err != nil || json.Unmarshal(e.Value(), &live) != nil {
			return false
		}
		return live.Seq == h.seq() && live.Published == live.Seq && len(live.Shared) == 4
	})
	hv, _ := h.e.HallView()
	waiting := 0
	for _, s := range hv.Services {
		waiting += s.Waiting
	}
	if live.Waiting != waiting || live.WindowsOpen != len(h.acts) || !live.Open || live.Name != hv.Name {
		t.Errorf("live record %+v; want waiting %d, %d windows open, open", live, waiting, len(h.acts))
	}
	if live.Shared["all.holidays"].Applied || live.Shared["all.holidays"].Reason == "" {
		t.Errorf("live record's all.holidays: %+v, want the refusal and its reason", live.Shared["all.holidays"])
	}
}

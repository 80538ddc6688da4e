package uplink

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"halld/hallnet"
	"halld/queue"
)

// keepLive puts the hall's live record into the centre's live bucket when
// it changed (checked every LiveEvery) and at least every Heartbeat, so
// the centre can tell "last known, N minutes ago".
func (l *Link) keepLive(ctx context.Context, js jetstream.JetStream) error {
	kv, err := l.bucket(ctx, js, hallnet.LiveBucket)
	if err != nil {
		return err
	}
	tick := time.NewTicker(l.opt.LiveEvery)
	defer tick.Stop()
	var lastSig []byte
	var lastPut time.Time
	for {
		rec, err := l.Live()
		if err != nil {
			return err
		}
		now := l.opt.Now()
		at := rec.At
		rec.At = time.Time{}
		sig, _ := json.Marshal(rec)
		if string(sig) != string(lastSig) || now.Sub(lastPut) >= l.opt.Heartbeat {
			rec.At = at
			data, _ := json.Marshal(rec)
			if _, err := kv.Put(ctx, l.cfg.Hall, data); err != nil {
				return classify(fmt.Errorf("put the live record: %w", err))
			}
			lastSig, lastPut = sig, now
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// bucket binds a key-value bucket the centre creates. A missing bucket
// (a centre not fully set up) must not stop the events, which matter
// more: it is logged and looked for again every Heartbeat.
func (l *Link) bucket(ctx context.Context, js jetstream.JetStream, name string) (jetstream.KeyValue, error) {
	logged := false
	for {
		kv, err := js.KeyValue(ctx, name)
		if err == nil {
			return kv, nil
		}
		if !errors.Is(err, jetstream.ErrBucketNotFound) {
			return nil, classify(fmt.Errorf("bucket %s: %w", name, err))
		}
		if !logged {
			l.log.Warn("the centre has no bucket "+name+"; events are published, this waits for it", "bucket", name)
			logged = true
		}
		t := time.NewTimer(l.opt.Heartbeat)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// Live returns the hall's live record now: counts and public views only.
func (l *Link) Live() (hallnet.Live, error) {
	hv, err := l.e.HallView()
	if err != nil {
		return hallnet.Live{}, err
	}
	p, err := l.e.Pulse()
	if err != nil {
		return hallnet.Live{}, err
	}
	st := l.Status()
	now := l.opt.Now()
	rec := hallnet.Live{Hall: l.cfg.Hall, Name: hv.Name, At: now, Seq: st.Seq, Published: st.Published,
		Open: p.Open, Shared: st.Shared}
	for _, s := range hv.Services {
		ls := hallnet.LiveService{ID: s.ID, Name: s.Name, Department: s.Department, Waiting: s.Waiting}
		if t, ok := p.OldestWaiting[s.ID]; ok && now.After(t) {
			ls.LongestWaitS = int(now.Sub(t) / time.Second)
		}
		rec.Waiting += s.Waiting
		rec.LongestWaitS = max(rec.LongestWaitS, ls.LongestWaitS)
		rec.Services = append(rec.Services, ls)
	}
	for _, w := range hv.Windows {
		if w.State != queue.WindowClosed {
			rec.WindowsOpen++
		}
	}
	if l.opt.OpenAlerts != nil {
		n := l.opt.OpenAlerts()
		rec.OpenAlerts = &n
	}
	for _, d := range l.e.Devices() {
		if d.ID == DeviceID || d.State == queue.DeviceOK || d.State == "ready" {
			continue
		}
		msg := d.Detail
		if msg == "" {
			msg = d.State
		}
		rec.Alerts = append(rec.Alerts, hallnet.LiveAlert{Kind: "device", Subject: d.ID, Message: msg, Since: d.Since})
	}
	return rec, nil
}

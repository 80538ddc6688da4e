package ingest

import (
	"context"
	"encoding/json"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"halld/hallnet"
)

// Live returns the latest live record of each hall heard since start.
func (in *Ingest) Live() map[string]hallnet.Live {
	in.mu.Lock()
	defer in.mu.Unlock()
	out := make(map[string]hallnet.Live, len(in.live))
	for k, v := range in.live {
		out[k] = v
	}
	return out
}

// watchLive follows the live bucket until ctx ends, restarting the watch
// after an error.
func (in *Ingest) watchLive(ctx context.Context) {
	for ctx.Err() == nil {
		if err := in.watchOnce(ctx); err != nil && ctx.Err() == nil {
			in.log.Warn("centre: live bucket", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

func (in *Ingest) watchOnce(ctx context.Context) error {
	kv, err := in.js.KeyValue(ctx, hallnet.LiveBucket)
	if err != nil {
		return err
	}
	w, err := kv.WatchAll(ctx)
	if err != nil {
		return err
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				return nil
			}
			if e == nil || e.Operation() != jetstream.KeyValuePut {
				continue // the end of the initial values, or a delete
			}
			in.putLive(ctx, e)
		}
	}
}

func (in *Ingest) putLive(ctx context.Context, e jetstream.KeyValueEntry) {
	var l hallnet.Live
	if err := json.Unmarshal(e.Value(), &l); err != nil || l.Hall != e.Key() || hallnet.ValidateHallID(l.Hall) != nil {
		in.log.Warn("centre: bad live record", "key", e.Key(), "err", err)
		return
	}
	kept, err := in.st.PutLive(ctx, l, time.Now())
	if err != nil && ctx.Err() == nil {
		in.log.Warn("centre: store live record", "hall", l.Hall, "err", err)
	}
	if !kept {
		return // not a registered hall, or older than the one held
	}
	in.mu.Lock()
	in.live[l.Hall] = l
	in.mu.Unlock()
}

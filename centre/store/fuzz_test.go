package store

import (
	"errors"
	"testing"

	"halld/centre/sampleday"
	"halld/hallnet"
)

// FuzzDecodeAndProject feeds the bytes of a hall's batch (network input)
// through the decoding and the projections: they refuse or accept, never
// panic, and what they accept is numbered as the headers say.
func FuzzDecodeAndProject(f *testing.F) {
	for _, ev := range append(sampleday.Events(), sampleday.Supervision(16)...) {
		f.Add(ev.JSON())
	}
	f.Add([]byte(`{"seq":1,"type":"alert.raised","at":"2026-12-01T09:00:00+08:00","data":{"id":7}}`))
	f.Add([]byte(`{"seq":1,"type":"complaint.filed","at":"2026-12-01T09:00:00+08:00","data":{"id":"TS1","state":"received","accept_due":"0000-00-00"}}`))
	f.Add([]byte(`{"seq":1,"type":"booking.checked_in","at":"2026-12-01T09:00:00+08:00","data":{"code":"Q1","date":"x","late":true}}`))
	f.Add([]byte(`{"seq":1,"type":"ticket.issued","at":"2026-12-01T09:00:00+08:00","data":{"ticket":null}}`))
	f.Add([]byte(`{"seq":1,"type":"case.created","at":"2026-12-01T09:00:00+08:00","data":{"case":{"due":"2026-13-45"}}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		b, err := hallnet.DecodeBatch("1", "1", "1", line)
		if err != nil {
			return
		}
		events, err := decodeEvents("330106001000-01", b)
		if err != nil {
			if !errors.Is(err, hallnet.ErrBatch) {
				t.Fatalf("decode error not ErrBatch: %v", err)
			}
			return
		}
		if len(events) != 1 || events[0].Seq != 1 {
			t.Fatalf("accepted %+v for first=last=1", events)
		}
		var p projection
		p.project("330106001000-01", events[0])
		p.flush("330106001000-01")
	})
}

package queue

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// decodeSlow is what decodeStored must agree with.
func decodeSlow(raw []byte) (Event, error) {
	var ev Event
	err := json.Unmarshal(raw, &ev)
	ev.raw = raw
	return ev, err
}

func TestDecodeStoredAgreesWithEncodingJSON(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	for _, c := range []struct {
		name string
		raw  string
		fast bool // the fast path takes it
	}{
		{"as stored", `{"seq":7,"type":"ticket.called","at":"2026-11-23T09:00:01.5+08:00","data":{"ticket":{"number":"A001"}}}`, true},
		{"UTC", `{"seq":1,"type":"day.closed","at":"2026-11-23T01:00:00Z","data":{}}`, true},
		{"null data", `{"seq":2,"type":"x","at":"2026-11-23T01:00:00Z","data":null}`, true},
		{"escaped type", `{"seq":3,"type":"a\u003cb","at":"2026-11-23T01:00:00Z","data":{}}`, false},
		{"other order", `{"type":"x","seq":4,"at":"2026-11-23T01:00:00Z","data":{}}`, false},
		{"spaces", `{"seq": 5,"type":"x","at":"2026-11-23T01:00:00Z","data":{}}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := []byte(c.raw)
			_, fast := cutStored(raw)
			if fast != c.fast {
				t.Errorf("fast path took it: %v, want %v", fast, c.fast)
			}
			got, err := decodeStored(raw)
			want, werr := decodeSlow(raw)
			if (err != nil) != (werr != nil) {
				t.Fatalf("errors differ: %v vs %v", err, werr)
			}
			if !sameEvent(got, want) {
				t.Errorf("decoded %+v, encoding/json %+v", got, want)
			}
		})
	}
	// Data must stay Event's last field: the fast path takes the rest as data.
	if f := reflect.TypeFor[Event]().Field(3); f.Name != "Data" || reflect.TypeFor[Event]().NumField() != 5 {
		t.Fatalf("Event's fields changed (Data is %q, %d fields): check cutStored", f.Name, reflect.TypeFor[Event]().NumField())
	}
	// An event as the engine makes it, in the hall's zone.
	ev := Event{Seq: 99, Type: EvIssued, At: time.Date(2026, 11, 23, 9, 30, 0, 123, shanghai), Data: json.RawMessage(`{"ticket":{"id":"x"}}`)}
	raw, _ := json.Marshal(ev)
	got, err := decodeStored(raw)
	if _, fast := cutStored(raw); !fast || err != nil || !sameEvent(got, mustSlow(t, raw)) {
		t.Errorf("the engine's own event: fast %v, %+v %v", fast, got, err)
	}
}

func mustSlow(t *testing.T, raw []byte) Event {
	ev, err := decodeSlow(raw)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func sameEvent(a, b Event) bool {
	return a.Seq == b.Seq && a.Type == b.Type && a.At.Equal(b.At) && a.At.Location().String() == b.At.Location().String() &&
		string(a.Data) == string(b.Data) && reflect.DeepEqual(a.raw, b.raw)
}

// FuzzDecodeStored: for every event json.Marshal can make, the fast path
// decodes what encoding/json decodes; for any bytes at all, decodeStored
// never panics and fails only where encoding/json fails.
func FuzzDecodeStored(f *testing.F) {
	f.Add(uint64(1), "ticket.issued", int64(1763888400123456789), int32(8*3600), `{"ticket":{"number":"A001"}}`, []byte(`{"seq":1}`))
	f.Add(uint64(0), "a\"b", int64(0), int32(0), `null`, []byte(`{"seq":1,"type":"x","at":"2026-11-23T01:00:00Z","data":{}}`))
	f.Fuzz(func(t *testing.T, seq uint64, typ string, unixNano int64, offset int32, data string, junk []byte) {
		if json.Valid([]byte(data)) {
			zone := time.FixedZone("", int(offset%(18*3600)))
			ev := Event{Seq: seq, Type: typ, At: time.Unix(0, unixNano).In(zone), Data: json.RawMessage(data)}
			if raw, err := json.Marshal(ev); err == nil {
				got, err := decodeStored(raw)
				want, werr := decodeSlow(raw)
				if (err != nil) != (werr != nil) || (err == nil && !sameEvent(got, want)) {
					t.Fatalf("%s: decoded %+v (%v), encoding/json %+v (%v)", raw, got, err, want, werr)
				}
			}
		}
		if _, err := decodeStored(junk); err == nil {
			if _, werr := decodeSlow(junk); werr != nil {
				if _, fast := cutStored(junk); !fast {
					t.Fatalf("%q: accepted although encoding/json refuses it: %v", junk, werr)
				}
			}
		}
	})
}

// calledEvent is a ticket.called event as the log stores it.
func calledEvent(b *testing.B) []byte {
	hs := newHarness(b)
	hs.issue("a")
	if _, err := hs.e.CallNext(hs.login(1)); err != nil {
		b.Fatal(err)
	}
	evs, err := hs.e.ReadEvents(0, 100)
	if err != nil {
		b.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Type == EvCalled {
			return ev.JSON()
		}
	}
	b.Fatal("no ticket.called")
	return nil
}

// BenchmarkDecodeStored is what a catching-up screen pays per event.
func BenchmarkDecodeStored(b *testing.B) {
	raw := calledEvent(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeStored(append([]byte(nil), raw...)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeStoredJSON is the same with encoding/json, as before.
func BenchmarkDecodeStoredJSON(b *testing.B) {
	raw := calledEvent(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeSlow(append([]byte(nil), raw...)); err != nil {
			b.Fatal(err)
		}
	}
}

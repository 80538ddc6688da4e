package queue

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// decodeStored decodes an event as the log stores it. The log holds what
// json.Marshal made of an Event ({"seq":…,"type":"…","at":"…","data":…}),
// so its fields are cut out directly, and Data is the data field inside raw
// rather than a copy: a thousand screens catching up each decode every
// event, and encoding/json (validating, then decoding, then copying) was
// most of halld's CPU when they did. Anything else goes to encoding/json.
// raw must not change afterwards.
func decodeStored(raw []byte) (Event, error) {
	if ev, ok := cutStored(raw); ok {
		return ev, nil
	}
	var ev Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		return Event{}, err
	}
	ev.raw = raw
	return ev, nil
}

// cutStored is decodeStored's fast path; ok is false when raw is not in
// the exact shape json.Marshal gives an Event.
func cutStored(raw []byte) (ev Event, ok bool) {
	rest, ok := bytes.CutPrefix(raw, []byte(`{"seq":`))
	if !ok {
		return ev, false
	}
	i := bytes.IndexByte(rest, ',')
	if i < 1 || rest[0] == '0' && i > 1 {
		return ev, false
	}
	seq, err := strconv.ParseUint(string(rest[:i]), 10, 64)
	if err != nil {
		return ev, false
	}
	if rest, ok = bytes.CutPrefix(rest[i:], []byte(`,"type":"`)); !ok {
		return ev, false
	}
	i = bytes.IndexByte(rest, '"')
	if i < 0 || bytes.IndexByte(rest[:i], '\\') >= 0 {
		return ev, false // an escaped type: let encoding/json read it
	}
	typ := string(rest[:i])
	if rest, ok = bytes.CutPrefix(rest[i+1:], []byte(`,"at":"`)); !ok {
		return ev, false
	}
	i = bytes.IndexByte(rest, '"')
	if i < 0 {
		return ev, false
	}
	var at time.Time
	if err := at.UnmarshalText(rest[:i]); err != nil { // what Time.UnmarshalJSON does inside the quotes
		return ev, false
	}
	if rest, ok = bytes.CutPrefix(rest[i+1:], []byte(`,"data":`)); !ok || len(rest) < 2 || rest[len(rest)-1] != '}' {
		return ev, false
	}
	// Data is Event's last field, so json.Marshal puts it last: what is
	// left is the data (TestDecodeStoredAgreesWithEncodingJSON fails if a
	// field is ever added after it). Its content is not validated: the log
	// holds only what the engine encoded.
	data := rest[: len(rest)-1 : len(rest)-1]
	if data[0] != '{' && string(data) != "null" {
		return ev, false
	}
	return Event{Seq: seq, Type: typ, At: at, Data: json.RawMessage(data), raw: raw}, true
}

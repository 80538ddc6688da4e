package hallnet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Schema is the batch format this build writes and reads.
const Schema = 1

// Message headers of a batch. Nats-Msg-Id (MsgID) makes a republished
// batch a duplicate JetStream drops within its window; the hall's
// Nats-Expected-Last-Subject-Sequence makes one out of order a refusal.
const (
	HeaderSchema = "Halld-Schema"
	HeaderFirst  = "Halld-First" // seq of the batch's first event
	HeaderLast   = "Halld-Last"  // seq of its last event
)

// Batch limits: a hall never publishes more than MaxBatchEvents events or
// MaxBatchBytes of body in one message (a single larger event goes alone).
const (
	MaxBatchEvents = 500
	MaxBatchBytes  = 256 << 10
)

// ErrBatch is returned for a batch whose headers and body disagree or do
// not parse: the centre stops that hall's ingest on it rather than skip.
var ErrBatch = errors.New("hallnet: bad batch")

// MsgID is the JetStream message id of the batch of events first..last.
func MsgID(hall string, first, last uint64) string {
	return hall + ":" + strconv.FormatUint(first, 10) + "-" + strconv.FormatUint(last, 10)
}

// Batch is a run of consecutive committed events of one hall's log, each
// the event's JSON as the hall's log holds it (after the uplink's
// personal-data filter), one per line in the message body.
type Batch struct {
	First, Last uint64
	Events      [][]byte
}

// Encode returns the message body: the events joined by newlines. Event
// JSON never holds a raw newline (encoding/json escapes it).
func (b Batch) Encode() []byte { return bytes.Join(b.Events, []byte{'\n'}) }

// Headers returns the batch's Halld-* header values, by name.
func (b Batch) Headers() map[string]string {
	return map[string]string{
		HeaderSchema: strconv.Itoa(Schema),
		HeaderFirst:  strconv.FormatUint(b.First, 10),
		HeaderLast:   strconv.FormatUint(b.Last, 10),
	}
}

// DecodeBatch parses a message: the schema, first and last headers and the
// body. Every line must be a JSON object whose "seq" runs first..last
// without a gap.
func DecodeBatch(schema, first, last string, body []byte) (Batch, error) {
	if schema != strconv.Itoa(Schema) {
		return Batch{}, fmt.Errorf("%w: schema %q, this build reads %d", ErrBatch, schema, Schema)
	}
	f, err1 := strconv.ParseUint(first, 10, 64)
	l, err2 := strconv.ParseUint(last, 10, 64)
	if err1 != nil || err2 != nil || f == 0 || l < f {
		return Batch{}, fmt.Errorf("%w: first %q last %q", ErrBatch, first, last)
	}
	if l-f >= MaxBatchEvents {
		return Batch{}, fmt.Errorf("%w: %d events, at most %d", ErrBatch, l-f+1, MaxBatchEvents)
	}
	lines := bytes.Split(body, []byte{'\n'})
	if uint64(len(lines)) != l-f+1 {
		return Batch{}, fmt.Errorf("%w: %d lines for events %d-%d", ErrBatch, len(lines), f, l)
	}
	b := Batch{First: f, Last: l, Events: lines}
	for i, line := range lines {
		var head struct {
			Seq uint64 `json:"seq"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return Batch{}, fmt.Errorf("%w: line %d: %v", ErrBatch, i+1, err)
		}
		if head.Seq != f+uint64(i) {
			return Batch{}, fmt.Errorf("%w: line %d holds seq %d, want %d", ErrBatch, i+1, head.Seq, f+uint64(i))
		}
	}
	return b, nil
}

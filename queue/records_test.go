package queue

import (
	"encoding/json"
	"errors"
	"testing"
)

type note struct {
	Text string `json:"text"`
	By   string `json:"by"`
}

func TestRecordsCommitWithTheirEvent(t *testing.T) {
	hs := newHarness(t)
	before := hs.e.Stats().Seq
	var seq uint64
	err := hs.e.Update(func(r *Rec) error {
		var err error
		if seq, err = r.Emit("memo.written", note{Text: "水管检修", By: "w1"}); err != nil {
			return err
		}
		return r.Put("memo", "m1", note{Text: "水管检修", By: "w1"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if seq != before+1 || hs.e.Stats().Seq != seq {
		t.Fatalf("event %d committed %d, want %d", seq, hs.e.Stats().Seq, before+1)
	}
	evs, _ := hs.e.ReadEvents(before, 10)
	if len(evs) != 1 || evs[0].Type != "memo.written" || string(evs[0].Data) != `{"text":"水管检修","by":"w1"}` {
		t.Fatalf("log holds %+v", evs)
	}

	hs.reopen() // the record survives a restart and Check accepts it
	got := map[string]note{}
	if err := hs.e.LoadRecords("memo", func(k string, raw []byte) error {
		var n note
		err := json.Unmarshal(raw, &n)
		got[k] = n
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got["m1"].Text != "水管检修" || len(got) != 1 {
		t.Fatalf("records after restart: %+v", got)
	}

	// Deleted in a later change.
	if err := hs.e.Update(func(r *Rec) error { return r.Delete("memo", "m1") }); err != nil {
		t.Fatal(err)
	}
	n := 0
	hs.e.LoadRecords("memo", func(string, []byte) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d records after delete", n)
	}
}

func TestRecordsRefusedChangeLeavesNoTrace(t *testing.T) {
	hs := newHarness(t)
	before := hs.e.Stats().Seq
	refusal := errors.New("refused")
	err := hs.e.Update(func(r *Rec) error {
		r.Emit("memo.written", note{Text: "x"})
		r.Put("memo", "m1", note{Text: "x"})
		return refusal
	})
	if !errors.Is(err, refusal) {
		t.Fatalf("Update = %v, want the refusal", err)
	}
	// The next event takes the number the refused one would have had: no gap.
	hs.issue("a")
	evs, _ := hs.e.ReadEvents(before, 10)
	if len(evs) != 1 || evs[0].Seq != before+1 || evs[0].Type != EvIssued {
		t.Fatalf("after a refused change the log holds %+v", evs)
	}
	n := 0
	hs.e.LoadRecords("memo", func(string, []byte) error { n++; return nil })
	if n != 0 {
		t.Errorf("a refused change stored %d records", n)
	}
}

func TestRecordsNames(t *testing.T) {
	hs := newHarness(t)
	for _, tc := range []struct {
		name string
		fn   func(r *Rec) error
	}{
		{"engine's own prefix", func(r *Rec) error { _, err := r.Emit("ticket.issued", nil); return err }},
		{"no dot", func(r *Rec) error { _, err := r.Emit("memo", nil); return err }},
		{"upper case", func(r *Rec) error { _, err := r.Emit("Memo.x", nil); return err }},
		{"engine's bucket", func(r *Rec) error { return r.Put("case", "k", 1) }},
		{"empty key", func(r *Rec) error { return r.Put("memo", "", 1) }},
		{"bad domain", func(r *Rec) error { return r.Delete("../x", "k") }},
	} {
		if err := hs.e.Update(tc.fn); !errors.Is(err, ErrDomain) {
			t.Errorf("%s: %v, want ErrDomain", tc.name, err)
		}
	}
}

func TestRecordsSealed(t *testing.T) {
	hs := newHarness(t)
	var sealed []byte
	hs.e.Update(func(r *Rec) error { sealed = r.Seal("13800138000", "complaint/c1"); return nil })
	if got, err := hs.e.Unseal(sealed, "complaint/c1"); err != nil || got != "13800138000" {
		t.Fatalf("Unseal = %q, %v", got, err)
	}
	if _, err := hs.e.Unseal(sealed, "complaint/c2"); err == nil {
		t.Error("a sealed value opened under another record's label")
	}
	if hs.e.HashID("110101199003074514") == hs.e.HashID("110101199003074515") {
		t.Error("HashID collides")
	}
}

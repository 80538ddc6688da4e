package outbox

import (
	"path/filepath"
	"testing"

	"halld/queue"
)

func TestOrderSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	o, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	id := o.ID()
	ready := o.Ready()
	for lv := 1; lv <= 3; lv++ {
		p, err := o.Add(queue.Press{Kind: queue.PressEvaluation, Ref: "t", Level: lv})
		if err != nil {
			t.Fatal(err)
		}
		if p.Seq != uint64(lv) || p.Outbox != id {
			t.Fatalf("press %d numbered %d under %q", lv, p.Seq, p.Outbox)
		}
	}
	select {
	case <-ready:
	default:
		t.Error("Ready not signalled by Add")
	}
	if err := o.Done(1); err != nil {
		t.Fatal(err)
	}
	o.Close()

	o, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if o.ID() != id {
		t.Errorf("identity changed on reopen: %s → %s", id, o.ID())
	}
	if n := o.Len(); n != 2 {
		t.Errorf("Len = %d, want 2", n)
	}
	for _, want := range []uint64{2, 3} {
		p, ok, err := o.Next()
		if err != nil || !ok || p.Seq != want || p.Level != int(want) {
			t.Fatalf("Next = %+v %v %v, want seq %d", p, ok, err, want)
		}
		o.Done(p.Seq)
	}
	if _, ok, _ := o.Next(); ok {
		t.Error("outbox not empty")
	}
	// Numbers are never reused, even after the outbox emptied.
	if p, _ := o.Add(queue.Press{Kind: queue.PressIssue}); p.Seq != 4 {
		t.Errorf("next number %d, want 4", p.Seq)
	}
}

func TestInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	o, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := Open(path); err == nil {
		t.Fatal("opened twice")
	}
}

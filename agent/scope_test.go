package agent

import (
	"testing"

	"halld/queue"
)

// TestBoardFollowsThroughPrivateEvents: the hub's stream gives a board the
// public scope; events outside it arrive as placeholders that move the
// board's cursor without driving anything, and the board's keypads still
// arm after them.
func TestBoardFollowsThroughPrivateEvents(t *testing.T) {
	hub := startHub(t)
	tok, _ := hub.e.IssueAgentToken(hub.adminToken(), "window-board")
	b := startBoard(t, boardConfig(t, hub.url(), tok))
	eventually(t, "the board online", func() bool { return b.status().Connected })
	for _, typ := range []string{"attendance.punched", "alert.raised", "complaint.filed"} {
		if err := hub.e.Update(func(r *queue.Rec) error {
			_, err := r.Emit(typ, map[string]string{"staff": "w3"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	hub.finish(3, "estate")
	eventually(t, "keypad armed after private events", func() bool { return armed(b, "pad-a") })
	last := hub.e.Stats().Seq
	eventually(t, "the board's cursor at the hub's last event", func() bool { return b.status().Seq >= last })
}

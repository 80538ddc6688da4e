package supervise_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"halld/device/supervise"
)

// TestRun: a line that fails to open, opens, fails while running and
// comes back is reported down, up, down, up, with a backoff that grows
// while it stays down and starts over once it worked.
func TestRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// What each try does: "open" fails to open, "run" opens then
		// fails after a second, "ok" opens and stays up.
		tries := []string{"open", "open", "open", "run", "run", "ok"}
		var got []string
		var at []time.Duration
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		n := 0
		supervise.Run(ctx, supervise.Config{Report: func(c supervise.Change) {
			s := "up"
			if !c.Up {
				s = fmt.Sprintf("down %d %v retry %v", c.Stage, c.Err, c.Retry)
			}
			got = append(got, s)
			at = append(at, time.Since(start))
		}}, func(ctx context.Context, up func()) error {
			try := tries[n]
			n++
			switch try {
			case "open":
				return errors.New("no such file")
			case "run":
				up()
				time.Sleep(time.Second)
				return errors.New("read failed")
			}
			up()
			cancel()
			<-ctx.Done()
			return ctx.Err()
		})
		want := []string{
			"down 1 no such file retry 1s", // the same failure is reported once
			"up",
			"down 2 read failed retry 1s",
			// up again, down again with the same error: reported both ways
			"up",
			"down 2 read failed retry 1s",
			"up",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
		// 1 s + 2 s + 4 s of backoff before the line first came up.
		if at[1] != 7*time.Second {
			t.Errorf("first up at %v (%v)", at[1], at)
		}
	})
}

package audiotest_test

import (
	"context"
	"errors"
	"fmt"

	"halld/device/audio"
	"halld/device/audio/audiotest"
)

func ExamplePlayer() {
	p := &audiotest.Player{Fail: func(n int) error {
		if n == 1 {
			return errors.New("card gone")
		}
		return nil
	}}
	f := audio.Format{SampleRate: 8000, Channels: 1}
	fmt.Println(p.Play(context.Background(), f, []byte{1, 0}))
	fmt.Println(p.Play(context.Background(), f, []byte{2, 0, 3, 0}))
	for _, c := range p.Calls() {
		fmt.Println(c.Format.SampleRate, c.PCM)
	}
	// Output:
	// <nil>
	// card gone
	// 8000 [1 0]
	// 8000 [2 0 3 0]
}

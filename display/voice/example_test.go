package voice_test

import (
	"fmt"
	"strings"

	"halld/display/voice"
)

func ExampleCallClips() {
	names, err := voice.CallClips("B102", 12)
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.Join(names, " "))
	// Output: chime qing B yi ling er hao dao shi er hao chuangkou banli
}

func ExampleCardinalClips() {
	for _, n := range []int{3, 10, 20, 102} {
		names, _ := voice.CardinalClips(n)
		fmt.Println(n, names)
	}
	// Output:
	// 3 [san]
	// 10 [shi]
	// 20 [er shi]
	// 102 [yi bai ling er]
}

func ExamplePack_CallWAV() {
	pack, err := voice.DefaultPack()
	if err != nil {
		panic(err)
	}
	wav, err := pack.CallWAV("A001", 3, voice.DefaultTiming)
	if err != nil {
		panic(err)
	}
	f, pcm, err := voice.ReadWAV(wav)
	if err != nil {
		panic(err)
	}
	fmt.Println(f, f.Duration(len(pcm)) > 5e9)
	// Output: 16000 Hz mono 16-bit true
}

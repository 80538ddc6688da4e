package screen_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"halld/api"
	"halld/display/screen"
	"halld/queue"
	"halld/queue/hall"
)

// Mount the big screen and its voice on halld's API server, as cmd/halld
// does; then a hall screen opens /screen/ (or /screen/?windows=1,2,3).
func Example() {
	dir, _ := os.MkdirTemp("", "halld-example-")
	defer os.RemoveAll(dir)
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	srv := api.New(e, nil)
	scr, err := screen.New(screen.Options{
		Location: e.Hall().Location, // the screen's clock shows hall time
		Notice:   "本中心午间不休息，欢迎前来办事。",
		// Pack: a hall's recordings, from voice.LoadDir; nil is the default voice.
	})
	if err != nil {
		panic(err)
	}
	scr.Register(srv)
	ts := httptest.NewServer(srv)
	defer ts.Close()

	for _, path := range []string{"/screen/", "/api/v1/voice/call.wav?number=A001&window=3", "/api/v1/voice/call.wav?number=a1&window=3"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Output:
	// 200 text/html; charset=utf-8
	// 200 audio/wav
	// 400 application/json; charset=utf-8
}

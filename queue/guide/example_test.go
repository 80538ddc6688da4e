package guide_test

import (
	"fmt"
	"os"
	"path/filepath"

	"halld/queue"
	"halld/queue/guide"
	"halld/queue/hall"
)

// Example writes a service guide as an admin would and reads it back.
func Example() {
	dir, _ := os.MkdirTemp("", "guide-example")
	defer os.RemoveAll(dir)
	e, err := queue.Open(filepath.Join(dir, "halld.db"), hall.Demo(), queue.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	g, _ := guide.Open(e)
	_, err = g.Set("admin", "social", guide.Guide{
		Materials: []string{"本人有效身份证件"},
		Procedure: []string{"取号", "窗口受理", "即时办结"},
		TimeLimit: "即办",
		Fees:      "不收费",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := g.Get("social")
	fmt.Println(v.ServiceName, v.Version, v.Materials, v.TimeLimit, v.Fees)
	// Output:
	// 社保医保 1 [本人有效身份证件] 即办 不收费
}

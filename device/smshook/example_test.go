package smshook_test

import (
	"fmt"

	"halld/device/smshook"
)

// A platform checks a request by signing what it received the same way.
func ExampleSign() {
	body := []byte(`{"phone":"13800138000","text":"测试","sent_at":"2026-12-02T08:00:00Z"}`)
	sig := smshook.Sign([]byte("0123456789abcdef"), "1796198400", body)
	fmt.Println(len(sig), sig[:7])
	// Output: 71 sha256=
}

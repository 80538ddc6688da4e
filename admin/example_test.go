package admin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"halld/admin"
)

// The daemon mounts the console on its API server (admin.Register(srv));
// any mux with Handle works.
func ExampleRegister() {
	mux := http.NewServeMux()
	admin.Register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/admin/")
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	// Output: 200 text/html; charset=utf-8
}

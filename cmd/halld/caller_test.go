package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestDemoHallHasACaller: `go run ./cmd/halld` shows window 10's simulated
// caller on /sim/, keyed through the device mux: a login from it opens
// window 10 for 吴军 (w10).
func TestDemoHallHasACaller(t *testing.T) {
	d := startDaemon(t)
	press := func(body string) {
		t.Helper()
		resp, err := http.Post(d.base+"/sim/callers/caller-10", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: %d", body, resp.StatusCode)
		}
	}
	press(`{"key":"confirm","digits":"10"}`)
	press(`{"key":"confirm","digits":"1234"}`)
	// The display follows the login on the device's own goroutine; read
	// the page's data as the page does.
	var shown string
	poll(t, "caller-10 shows --- after the login", func() bool {
		resp, err := http.Get(d.base + "/sim/state.json")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var st struct {
			Callers []struct {
				ID      string `json:"id"`
				Display string `json:"display"`
			} `json:"callers"`
		}
		if json.NewDecoder(resp.Body).Decode(&st) != nil || len(st.Callers) != 1 || st.Callers[0].ID != "caller-10" {
			return false
		}
		shown = st.Callers[0].Display
		return shown == "---"
	})
	resp, err := http.Get(d.base + "/api/v1/hall")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var hv struct {
		Windows []struct {
			Number int `json:"number"`
			Staff  *struct {
				ID string `json:"id"`
			} `json:"staff"`
		} `json:"windows"`
	}
	json.NewDecoder(resp.Body).Decode(&hv)
	for _, w := range hv.Windows {
		if w.Number == 10 && (w.Staff == nil || w.Staff.ID != "w10") {
			t.Errorf("window 10 staff %+v, want w10", w.Staff)
		}
	}
}

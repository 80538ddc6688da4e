package queue

import "time"

// Window states.
const (
	WindowClosed = "closed" // nobody logged in
	WindowOpen   = "open"
	WindowPaused = "paused"
)

// Window is the engine's record of one window's live state.
type Window struct {
	Number      int       `json:"number"`
	State       string    `json:"state"`
	Staff       string    `json:"staff,omitempty"`
	Post        string    `json:"post,omitempty"`
	Session     string    `json:"session,omitempty"` // hash of the current session token
	LoginAt     time.Time `json:"login_at,omitzero"`
	PauseReason string    `json:"pause_reason,omitempty"`
	Current     string    `json:"current,omitempty"` // ticket called or in service
	Held        []string  `json:"held,omitempty"`
	// Streak counts priority tickets called in a row (the fairness rule).
	Streak int `json:"streak,omitempty"`
}

// WindowView is what the API and screens show of a window.
type WindowView struct {
	Number      int          `json:"number"`
	Name        string       `json:"name"`
	Services    []string     `json:"services"`
	State       string       `json:"state"`
	PauseReason string       `json:"pause_reason,omitempty"`
	Staff       *StaffView   `json:"staff,omitempty"`
	Current     *TicketView  `json:"current"`
	Held        []TicketView `json:"held,omitempty"`
}

// StaffView names the person at a window (staff are shown publicly, 亮证上岗).
type StaffView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Post string `json:"post,omitempty"`
}

func removeString(list []string, s string) []string {
	for i, v := range list {
		if v == s {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

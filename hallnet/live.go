package hallnet

import "time"

// Live is a hall's live record in LiveBucket: what the centre shows of a
// hall now, and "last known, N minutes ago" when the hall is offline. It
// holds counts and public views only, never personal data.
type Live struct {
	Hall string    `json:"hall"`
	Name string    `json:"name"`
	At   time.Time `json:"at"` // when the hall wrote it
	// Seq is the hall's last committed event; Published the last one the
	// centre's stream has acknowledged (Seq-Published is the link's lag).
	Seq          uint64        `json:"seq"`
	Published    uint64        `json:"published"`
	Open         bool          `json:"open"` // within opening hours now
	Waiting      int           `json:"waiting"`
	WindowsOpen  int           `json:"windows_open"`
	LongestWaitS int           `json:"longest_wait_s"`
	Services     []LiveService `json:"services,omitempty"`
	Alerts       []LiveAlert   `json:"alerts,omitempty"`
	// OpenAlerts is the number of the hall's 超时预警 alerts whose
	// condition still holds (queue/alerts), acknowledged or not; nil from
	// a hall that does not report it (a halld before it). Added without a
	// version change: readers ignore fields they do not know.
	OpenAlerts *int `json:"open_alerts,omitempty"`
	// Shared reports each shared key the hall has seen: applied, or
	// refused with the reason (a bad push changes nothing).
	Shared map[string]SharedResult `json:"shared,omitempty"`
}

// LiveService is one service's queue in a Live record.
type LiveService struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Department   string `json:"department,omitempty"`
	Waiting      int    `json:"waiting"`
	LongestWaitS int    `json:"longest_wait_s"`
}

// LiveAlert is a device fault standing in the hall; the supervision
// alerts (超时预警) are counted in Live.OpenAlerts.
type LiveAlert struct {
	Kind    string    `json:"kind"`    // e.g. "device"
	Subject string    `json:"subject"` // e.g. the device id
	Message string    `json:"message"` // Chinese, for the centre's page
	Since   time.Time `json:"since,omitzero"`
}

// SharedResult is what the hall did with one revision of a shared key.
type SharedResult struct {
	Revision uint64    `json:"revision"`
	Applied  bool      `json:"applied"`
	Reason   string    `json:"reason,omitempty"` // why it was refused
	At       time.Time `json:"at"`
}

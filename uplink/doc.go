// Package uplink is a hall's link to its centre: it publishes every
// committed event of the hall's log to the centre's JetStream, keeps the
// hall's live record in the centre's key-value bucket, and applies what
// the centre shares downward (holiday tables, the notice line) through
// the engine's own verbs.
//
// The bbolt event log is the outbox. On every (re)connection the link
// reads the last batch the hall's stream holds for its subject, resumes
// after that batch's last event, and publishes batches of consecutive
// events with Nats-Expected-Last-Subject-Sequence, so a batch out of order
// is refused by the server rather than stored; on any error it starts over
// from that read. Nothing is buffered beyond the batch in flight, and the
// engine never waits for the link: a hall with its WAN down for a day
// keeps working and the link catches up afterwards.
//
// Caveats: events leave through a personal-data filter (Filter): follow-up
// notes and free-text reasons stay in the hall. A hall whose log is behind
// what its stream holds (restored from an older backup) stops publishing
// (state diverged) until an operator resolves it; it never publishes
// events that would conflict. Applied shared revisions are remembered in
// memory only, so after a restart the current ones are applied (and
// recorded) once more.
package uplink

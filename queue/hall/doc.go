// Package hall is the hall model: services, windows, staff, opening hours,
// priority classes and the queue policies of one government service hall.
//
// A hall is described by a versioned TOML file that people edit by hand
// (see firmware-config/examples and the README's config reference). Parsing is
// strict: unknown keys are rejected and every validation error names the field
// it is about, e.g. `service[2].prefix: "A" is already used by service[0]`.
// Defaults are filled in for keys that are absent, so a small file is enough.
//
// Caveats: PINs are only ever stored as PBKDF2 hashes (see HashPIN); even
// a six-digit PIN (PINPolicy's minimum) is weak against anyone who can read
// the file, so the file should be readable by the halld user only. The
// demo's published hash of 1234 is for the demo (CheckPublishedPINs). Opening hours are wall-clock
// times in the hall's time zone; a day whose hours list is empty is closed.
// By default they follow the official calendar (holidays closed, 调休
// working weekends open with a weekday's hours), which the hall model does
// not hold: callers pass how the calendar classes the day (OpenSpans).
package hall

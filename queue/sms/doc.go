// Package sms is the hall's short-message service (短信告知), a domain
// beside the queue engine ("sms"): a durable outbox of messages, a sender
// loop that delivers them through a GSM modem or an SMS platform, and the
// notices halld sends on its own — "your number is near" when a ticket
// whose holder left a phone at the kiosk becomes third in line, and "your
// case is finished, collect it at window N" for a case accepted from such
// a ticket.
//
// A message is recorded (phone sealed with the hall's key, text, kind,
// attempts, next try, state) in the same engine Update that enqueues it,
// so it survives a restart (Open loads the records). The loop (Run) takes
// the due messages, sends each through a Sender (an interface owned here:
// the modem's or the webhook's adapter in cmd/halld), and records sent or
// a failure with exponential backoff, up to Config.MaxAttempts, at most
// Config.RatePerMinute a minute. Once sent or given up, the sealed phone is
// erased; only the masked form (*******8000) stays, and only that form is
// ever logged, emitted in events or shown.
//
// A phone given at the kiosk is kept here, sealed and keyed by ticket id,
// never in the ticket record. The notices are derived from committed events
// (Engine.Subscribe) and the ticket's place in its queue (Engine.Ticket),
// each ticket and each case notified at most once.
//
// Caveats: delivery is at least once: a crash between the modem's
// acknowledgement and the record of it sends the message again after the
// restart. A phone given for a case itself (CaseRequest.Applicant.Phone) is
// sealed inside the engine's case record and not readable here, so only
// cases accepted from a ticket with a kiosk phone are notified. Other
// domains (appointments) enqueue their own messages with Enqueue.
package sms

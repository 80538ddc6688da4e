// Package ingest moves the halls' events from JetStream into the centre's
// database: one durable pull consumer (hallnet.ConsumerName) per
// registered hall's stream, explicit acks, batches fetched and stored one
// at a time in order, each acked only after its PostgreSQL commit. It also
// watches the live bucket and keeps each hall's latest record, in memory
// and in the database.
//
// Restart-safety rests on the store: a batch stored but not acked (the
// centre killed in between) is redelivered and found at or below the
// hall's cursor, so it is acked and changes nothing; nothing is acked
// before it is stored, so nothing is lost.
//
// Caveats: a batch the store refuses (a gap, a malformed event) is nakked
// and redelivered every Backoff for ever, never skipped; Status shows the
// error until a batch is stored again. A malformed batch therefore needs an
// operator. Halls registered while the centre runs are picked up at
// the next Rescan.
package ingest

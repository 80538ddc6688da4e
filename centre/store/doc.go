// Package store is the centre's PostgreSQL database: the registered halls,
// every event each hall published (by hall and sequence), a cursor per
// hall, the projections the figures are read from (tickets, evaluations,
// 差评 follow-ups, cases; and, from migration 003, the halls' 超时预警
// alerts, 投诉 complaints and 预约 bookings — SupervisionFigures) and each
// hall's last live record.
//
// Ingest of one batch is one transaction: the events past the hall's
// cursor are inserted (ON CONFLICT (hall, seq) DO NOTHING), folded into the
// projections, and the cursor advanced; a batch starting past cursor+1 is
// refused with ErrGap, never skipped. A redelivered or republished batch
// changes nothing, so the consumer may ack after the commit and be killed
// at any point.
//
// The schema is versioned by the numbered files in migrations/, applied
// in order in one transaction at Open; a database newer than the binary is
// refused (ErrNewerSchema) rather than used.
//
// Caveats: days are the halls' days in China Standard Time (UTC+8, no
// daylight saving), the only time zone a hall runs in. A transferred
// ticket counts under its last service. Figures read the projections, not
// the events, so a projection fixed in a later migration needs a rebuild
// from events: migration 003 fills its new tables so (backfills), a
// general rebuild is not written yet. Attendance events are not projected.
package store

// Package alerts is the hall's 超时预警: rules over the engine's live state
// (a service's queue waits too long or grows too long, a window is paused
// too long or left unstaffed in opening hours, a case shows its yellow or
// red card) that raise an alert when their condition starts, clear it when
// the condition ends, and keep it in history with who acknowledged it and
// when. Thresholds come from the hall file's [alerts] table (queue/hall),
// with per-service overrides.
//
// The Monitor lives beside the engine (domain "alert"): Check reads the
// engine's views, decides what changed, and commits it with Engine.Update
// as events alert.raised, alert.cleared and alert.acked and records in the
// hall database, so a restart keeps open alerts and history. The daemon
// calls Check every few seconds with its clock; tests call it with theirs.
//
// Caveats: the wait rule is per service, not per ticket — one alert while
// any ticket of the service waits past the threshold, naming the
// longest-waiting one — so a backed-up queue is one alert to act on, not
// dozens to acknowledge. Waits count from the ticket's issue (a ticket kept
// overnight, keep_overnight, counts the night too). The paused
// and unstaffed rules count from when Check first saw the window so
// (stored, so a restart does not reset them): their precision is Check's
// period. Alerts carry ticket and case numbers, staff ids and the names of
// staff (shown publicly anyway), never an applicant's data.
package alerts

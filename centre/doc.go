// Package centre is the county or city centre (政务服务中心) that its halls
// report to: it reads centre.toml (Config), keeps every hall's events in
// PostgreSQL (centre/store) through one durable JetStream consumer per hall
// (centre/ingest), registers and revokes halls' credentials
// (centre/provision) and serves the /centre/ page and its JSON API
// (centre/web). Run is the whole centre, for `halld centre` and for a demo
// network that starts one in-process.
//
// Caveats: the centre does not run nats-server or PostgreSQL; both are
// configured beside it (docs/centre.md). It reloads nats-server by signal,
// so it runs on the server's machine.
package centre

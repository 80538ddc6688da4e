// Package provision registers and revokes halls at the centre: for a new
// hall it makes an nkey pair, writes the seed file for the hall's
// installer, records the hall in the database, rewrites the authorization
// file nats-server includes (the centre's own user with every permission,
// one user per hall with hallnet.Permissions) and asks the server to
// reload it; then it creates the hall's stream. Revocation drops the
// hall's user and reloads: the server refuses the hall from then on.
//
// The authorization file is the centre's: it is rewritten whole from the
// database each time (atomically, by rename), so hand edits are lost;
// other settings belong in the server's main file, which includes it.
//
// Caveats: a reload is a SIGHUP to the pid in the server's pid file, so
// the centre must run on the server's machine and as a user allowed to
// signal it; with a 3-node cluster each node needs the file and a reload
// (not done here). A revoked hall's open connection is closed by the
// server at the reload. The seed file is the hall's secret: hand it over
// out of band and delete the centre's copy (SeedDir) once installed.
package provision

// Package hallnet is the wire contract between a hall and its centre: the
// names of subjects, streams and key-value buckets, the hall's identity,
// the batch of events a hall publishes and the live record it keeps, and
// the subjects one hall's credential may use.
//
// Both sides import it: the hall's uplink (publisher) and the centre
// (consumer, provisioning). It knows no NATS client and no database, only
// names and bytes, so a change to the contract is a change here.
//
// Caveats: the batch format is versioned (HeaderSchema); a centre must
// refuse a schema it does not know rather than guess. A hall id is the
// 12-digit 行政区划代码 of the hall's area and a two-digit hall number; it is
// a subject token, so it never holds a dot or a wildcard.
package hallnet

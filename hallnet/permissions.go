package hallnet

// Permissions returns the subjects one hall's credential may publish to and
// subscribe on: its own events subject, its own stream's read-back (the
// last message on its subject, by the stream's MSG.GET or, when the centre
// allows direct gets, DIRECT.GET), its own live key, watches of its own
// and the "all" shared keys, and its own inboxes. The centre writes them
// into the server's authorization for that hall, so a hall cannot publish
// as another, read another's stream or shared keys, or see its replies.
//
// These are exactly what nats.go v1.55's jetstream client uses for the
// uplink (uplink's tests run a hall under them): stream and bucket INFO
// when binding, PUBLISH with a reply inbox, an ordered push consumer per
// watched filter (CONSUMER.CREATE naming the filter, DELETE when it is
// reset, flow-control replies). A watch must have one filter: a
// multi-filter consumer's CREATE subject does not name its filters, so it
// could not be confined to the hall's keys. Caveat: CONSUMER.DELETE on the
// shared bucket is allowed for any consumer name (ordered consumers' names
// are random); the centre must not rely on durable consumers there.
func Permissions(hall string) (publish, subscribe []string) {
	stream := StreamName(hall)
	inbox := InboxPrefix(hall)
	publish = []string{
		EventsSubject(hall),
		"$JS.API.STREAM.INFO." + stream,
		"$JS.API.STREAM.MSG.GET." + stream,
		"$JS.API.DIRECT.GET." + stream + ".>",
		"$JS.API.STREAM.INFO.KV_" + LiveBucket,
		"$KV." + LiveBucket + "." + hall,
		"$JS.API.STREAM.INFO.KV_" + SharedBucket,
		"$JS.API.CONSUMER.CREATE.KV_" + SharedBucket + ".*.$KV." + SharedBucket + "." + hall + ".>",
		"$JS.API.CONSUMER.CREATE.KV_" + SharedBucket + ".*.$KV." + SharedBucket + ".all.>",
		"$JS.API.CONSUMER.DELETE.KV_" + SharedBucket + ".*",
		"$JS.FC.KV_" + SharedBucket + ".>",
	}
	subscribe = []string{inbox + ".>"}
	return publish, subscribe
}

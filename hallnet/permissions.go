package hallnet

// Permissions returns the subjects one hall's credential may publish to and
// subscribe on: its own events subject, its own stream's read-back, its own
// live key and its own and the "all" shared keys, and its own inboxes.
// The centre writes them into the server's authorization for that hall, so
// a hall cannot publish as another or read another's replies.
func Permissions(hall string) (publish, subscribe []string) {
	stream := StreamName(hall)
	inbox := InboxPrefix(hall)
	publish = []string{
		EventsSubject(hall),
		"$JS.API.INFO",
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

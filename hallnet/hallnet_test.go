package hallnet_test

import (
	"errors"
	"strings"
	"testing"

	"halld/hallnet"
)

func TestValidateHallID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"330106001000-01", true},
		{"110101000000-99", true},
		{"330106001000-1", false},
		{"33010600100-01", false},
		{"330106001000_01", false},
		{"33010600100a-01", false},
		{"330106001000-0a", false},
		{"330106.01000-01", false},
		{"33010600100*-01", false},
		{"", false},
	}
	for _, tt := range tests {
		err := hallnet.ValidateHallID(tt.id)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, hallnet.ErrHallID)) {
			t.Errorf("ValidateHallID(%q) = %v, want ok %v", tt.id, err, tt.ok)
		}
	}
}

func TestNames(t *testing.T) {
	const h = "330106001000-01"
	tests := []struct{ got, want string }{
		{hallnet.Region(h), "330106001000"},
		{hallnet.EventsSubject(h), "halls.330106001000-01.events"},
		{hallnet.StreamName(h), "HALL_330106001000_01"},
		{hallnet.SharedKeyAll(hallnet.KindNotice), "all.notice"},
		{hallnet.SharedKey(h, hallnet.KindHolidays), "330106001000-01.holidays"},
		{hallnet.InboxPrefix(h), "_INBOX_330106001000_01"},
		{hallnet.MsgID(h, 1, 500), "330106001000-01:1-500"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// matches is NATS subject matching: "*" one token, ">" the rest.
func matches(pattern, subject string) bool {
	p, s := strings.Split(pattern, "."), strings.Split(subject, ".")
	for i, tok := range p {
		if tok == ">" {
			return len(s) > i
		}
		if i >= len(s) || (tok != "*" && tok != s[i]) {
			return false
		}
	}
	return len(p) == len(s)
}

func allowed(list []string, subject string) bool {
	for _, p := range list {
		if matches(p, subject) {
			return true
		}
	}
	return false
}

// A hall's permissions reach its own subjects and none of another hall's.
func TestPermissions(t *testing.T) {
	const a, b = "330106001000-01", "330106001000-02"
	pub, sub := hallnet.Permissions(a)
	own := func(h string) []string {
		return []string{
			hallnet.EventsSubject(h),
			"$JS.API.STREAM.INFO." + hallnet.StreamName(h),
			"$JS.API.STREAM.MSG.GET." + hallnet.StreamName(h),
			"$JS.API.DIRECT.GET." + hallnet.StreamName(h) + "." + hallnet.EventsSubject(h),
			"$KV." + hallnet.LiveBucket + "." + h,
			"$JS.API.CONSUMER.CREATE.KV_" + hallnet.SharedBucket + ".x1.$KV." + hallnet.SharedBucket + "." + h + ".>",
		}
	}
	for _, s := range append(own(a),
		"$JS.API.STREAM.INFO.KV_"+hallnet.LiveBucket,
		"$JS.API.CONSUMER.CREATE.KV_"+hallnet.SharedBucket+".x2.$KV."+hallnet.SharedBucket+".all.>") {
		if !allowed(pub, s) {
			t.Errorf("hall %s may not publish to its own %s", a, s)
		}
	}
	for _, s := range append(own(b),
		"$JS.API.STREAM.CREATE."+hallnet.StreamName(a),
		"$JS.API.STREAM.DELETE."+hallnet.StreamName(a),
		"$JS.API.STREAM.PURGE."+hallnet.StreamName(a),
		"$KV."+hallnet.SharedBucket+"."+a+".notice",
		"$KV."+hallnet.SharedBucket+".all.notice",
		"$JS.API.CONSUMER.CREATE.KV_"+hallnet.SharedBucket+".x3",
		"$JS.API.CONSUMER.CREATE."+hallnet.StreamName(a)+".centre",
		"halls."+a+".other") {
		if allowed(pub, s) {
			t.Errorf("hall %s may publish to %s", a, s)
		}
	}
	if !allowed(sub, hallnet.InboxPrefix(a)+".abc.1") || allowed(sub, hallnet.InboxPrefix(b)+".abc.1") ||
		allowed(sub, "_INBOX.abc") || allowed(sub, hallnet.EventsSubject(a)) {
		t.Errorf("subscribe permissions %v", sub)
	}
}

func TestDecodeBatch(t *testing.T) {
	ok := hallnet.Batch{First: 7, Last: 8, Events: [][]byte{[]byte(`{"seq":7,"type":"a"}`), []byte(`{"seq":8,"type":"b"}`)}}
	tests := []struct {
		name                string
		schema, first, last string
		body                string
		ok                  bool
	}{
		{"good", "1", "7", "8", string(ok.Encode()), true},
		{"one event", "1", "7", "7", `{"seq":7}`, true},
		{"unknown schema", "2", "7", "8", string(ok.Encode()), false},
		{"no schema", "", "7", "8", string(ok.Encode()), false},
		{"first zero", "1", "0", "1", `{"seq":0}` + "\n" + `{"seq":1}`, false},
		{"last before first", "1", "8", "7", string(ok.Encode()), false},
		{"not a number", "1", "x", "8", string(ok.Encode()), false},
		{"too many", "1", "1", "501", strings.Repeat("{}\n", 500) + "{}", false},
		{"line missing", "1", "7", "9", string(ok.Encode()), false},
		{"gap", "1", "7", "8", `{"seq":7}` + "\n" + `{"seq":9}`, false},
		{"not json", "1", "7", "8", `{"seq":7}` + "\n" + `seq 8`, false},
		{"trailing newline", "1", "7", "8", string(ok.Encode()) + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := hallnet.DecodeBatch(tt.schema, tt.first, tt.last, []byte(tt.body))
			if tt.ok != (err == nil) {
				t.Fatalf("err %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, hallnet.ErrBatch) {
				t.Fatalf("err %v is not ErrBatch", err)
			}
			if err == nil && string(b.Encode()) != tt.body {
				t.Fatalf("re-encoded %q, was %q", b.Encode(), tt.body)
			}
		})
	}
}

func FuzzDecodeBatch(f *testing.F) {
	f.Add("1", "7", "8", []byte(`{"seq":7,"type":"a"}`+"\n"+`{"seq":8}`))
	f.Add("1", "1", "1", []byte(`{"seq":1}`))
	f.Add("1", "18446744073709551615", "1", []byte(`{}`))
	f.Add("1", "1", "18446744073709551615", []byte(`{}`))
	f.Fuzz(func(t *testing.T, schema, first, last string, body []byte) {
		b, err := hallnet.DecodeBatch(schema, first, last, body)
		if err != nil {
			if !errors.Is(err, hallnet.ErrBatch) {
				t.Fatalf("error %v is not ErrBatch", err)
			}
			return
		}
		// What decodes is exactly what a hall would have sent.
		h := b.Headers()
		if h[hallnet.HeaderSchema] != schema || string(b.Encode()) != string(body) ||
			b.Last < b.First || b.Last-b.First+1 != uint64(len(b.Events)) || len(b.Events) > hallnet.MaxBatchEvents {
			t.Fatalf("decoded %+v from %q %q %q %q", b, schema, first, last, body)
		}
		if _, err := hallnet.DecodeBatch(h[hallnet.HeaderSchema], h[hallnet.HeaderFirst], h[hallnet.HeaderLast], b.Encode()); err != nil {
			t.Fatalf("does not decode again: %v", err)
		}
	})
}

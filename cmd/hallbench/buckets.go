package main

import (
	"fmt"
	"io"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// bucketSize is where a database's bytes go: one top-level bucket's
// pages (alloc) and the bytes of them in use (keys, values, headers).
type bucketSize struct {
	Name       string `json:"name"`
	Keys       int    `json:"keys"`
	AllocBytes int    `json:"alloc_bytes"`
	InuseBytes int    `json:"inuse_bytes"`
}

// bucketSizes reads the page statistics of every top-level bucket of a
// closed database, largest first.
func bucketSizes(path string) ([]bucketSize, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var out []bucketSize
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			s := b.Stats()
			out = append(out, bucketSize{Name: string(name), Keys: s.KeyN,
				AllocBytes: s.BranchAlloc + s.LeafAlloc + s.InlineBucketInuse,
				InuseBytes: s.BranchInuse + s.LeafInuse + s.InlineBucketInuse})
			return nil
		})
	})
	slices.SortFunc(out, func(a, b bucketSize) int { return b.AllocBytes - a.AllocBytes })
	return out, err
}

func printBuckets(w io.Writer, bs []bucketSize) {
	for _, b := range bs {
		if b.AllocBytes < 1<<20 {
			continue
		}
		fmt.Fprintf(w, "            %-9s %9d keys  %7.1f MiB in pages, %3.0f%% used\n", b.Name, b.Keys,
			float64(b.AllocBytes)/(1<<20), 100*float64(b.InuseBytes)/float64(b.AllocBytes))
	}
}

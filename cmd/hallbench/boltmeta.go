package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// bbolt meta page layout (go.etcd.io/bbolt v1.5, little-endian boards):
// a 16-byte page header, then magic, version, page size, flags (4 bytes
// each), the root bucket (16), freelist and high-water page ids (8 each)
// and the transaction id. Two meta pages sit at offsets 0 and page size;
// each commit writes the older one with txid+1.
const (
	boltMagic      = 0xED0CDAED
	boltOffMagic   = 16
	boltOffPageSz  = 24
	boltOffTxid    = 64
	fsyncPerCommit = 2 // bbolt fdatasyncs the data pages, then the meta page
)

var errNotBolt = errors.New("hallbench: not a bbolt file")

// commitCount returns the last committed bbolt transaction id of the
// database at path. halld does not expose its commit counter over HTTP, but
// every read-write transaction bumps this id by one, and the page cache
// makes a running process's writes visible to our read.
func commitCount(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	hdr := make([]byte, 80)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return 0, err
	}
	if binary.LittleEndian.Uint32(hdr[boltOffMagic:]) != boltMagic {
		return 0, errNotBolt
	}
	psz := int64(binary.LittleEndian.Uint32(hdr[boltOffPageSz:]))
	second := make([]byte, 80)
	if _, err := f.ReadAt(second, psz); err != nil {
		return 0, fmt.Errorf("second meta page: %w", err)
	}
	tx := binary.LittleEndian.Uint64(hdr[boltOffTxid:])
	if binary.LittleEndian.Uint32(second[boltOffMagic:]) == boltMagic {
		tx = max(tx, binary.LittleEndian.Uint64(second[boltOffTxid:]))
	}
	return tx, nil
}

package voice

import (
	"embed"
	"io/fs"
	"sync"
)

// defaultPackFS holds the default clips, made by pack/generate.sh with
// espeak-ng and sox (16 kHz mono 16-bit).
//
//go:embed pack/*.wav
var defaultPackFS embed.FS

var defaultPack = sync.OnceValues(func() (*Pack, error) {
	sub, err := fs.Sub(defaultPackFS, "pack")
	if err != nil {
		return nil, err
	}
	return LoadPack(sub, LoadOptions{})
})

// DefaultPack is the embedded espeak-ng pack, loaded once with the default
// LoadOptions.
func DefaultPack() (*Pack, error) { return defaultPack() }

package main

import (
	"math/rand/v2"
	"sync"
	"time"
)

// seeder hands out independent random generators derived from one seed,
// so a run can be repeated with -seed.
type seeder struct {
	mu  sync.Mutex
	src *rand.Rand
}

func newSeeder(seed uint64) *seeder {
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	return &seeder{src: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (s *seeder) next() *rand.Rand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return rand.New(rand.NewPCG(s.src.Uint64(), s.src.Uint64()))
}

//go:build race

package main

// raceEnabled: tests built with -race build halld with -race too, so the
// child shares the build cache and its races are caught as well.
const raceEnabled = true

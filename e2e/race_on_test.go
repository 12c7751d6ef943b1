//go:build race

package e2e

// raceEnabled is set when the tests run under -race: the provider and the
// mock server are then built with the race detector too.
const raceEnabled = true

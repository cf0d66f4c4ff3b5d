//go:build !race

package dispatcher

// raceEnabled is true when the tests run with the race detector, under
// which sync.Pool drops items at random: allocation counts of code that
// pools (Go's regexp does) mean nothing then.
const raceEnabled = false

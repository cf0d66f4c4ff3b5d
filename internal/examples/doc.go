// Package examples holds the tests of the programs in _examples, which
// go build ./... and go test ./... leave alone (their directory starts
// with "_"): each is built with the go command, run as a user runs it,
// and exercised over TCP. _examples/hello is also the README's opening
// example, word for word.
package examples

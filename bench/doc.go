// Package bench measures hoop's dispatcher beside other Go routers on the
// same route sets and requests. It is a module of its own, so that the
// routers it compares with never become dependencies of hoop.
//
// Every router gets the same routes (testdata/*.txt), serves the same
// requests, and reads every path parameter in its handler. hoop gets the
// routes as the Django patterns a site would write, one per distinct
// path in first-registration order, with the method checked in the view.
//
// Beyond the route sets: misses (miss_test.go), a conf built as NetBox
// builds its own (netbox.go), the start-up of 10,000-endpoint confs, and
// the ratios issue 11's targets name, measured in alternation
// (pairs_test.go). See docs/PERFORMANCE.md for how to run it and what
// it found.
package bench

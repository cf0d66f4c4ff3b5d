// Package gen is where the generator's tests build what gen-urls writes
// for testdata/site, with its test, over a go command overlay: the files
// exist only for the build.
package gen

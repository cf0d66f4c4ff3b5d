package urls

// The example site's typed URL functions, in urls.go, are written by the
// site's command:
//
//go:generate go run ../../cmd/devserver gen-urls

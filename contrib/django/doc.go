// Package django holds what moving a Django site to hoop needs on the
// Django side, and the tests that run it under a real Django:
//
//   - hoop_export/, a Django app whose management command (python
//     manage.py hoop_export) writes the site's URL conf and Django's own
//     resolve and reverse answers as JSON, for import-django;
//   - testdata/djsite/, a small real Django project;
//   - the Go tests: the exporter's Python tests, and the whole move end
//     to end (export, import, the generated tests, a hoop site serving
//     one view from Go and proxying the others to Django).
//
// There is no Go API here. The tests need Debian's python3-django (the
// Django they are written against is 3.2); without it they skip, and
// under CI=true they fail. docs/FROM-DJANGO.md is the guide.
package django

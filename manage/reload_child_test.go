package manage

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// LiveDir is the embedded directory, except in a child of the reloading
// devserver, where it is the directory on disk, which it reports.
func TestLiveDir(t *testing.T) {
	embedded := fstest.MapFS{"scaffold/static/site.css": {Data: []byte("embedded")}}
	css, err := readFS(LiveDir(embedded, "scaffold"), "static/site.css")
	if err != nil || css != "embedded" {
		t.Fatalf("outside the devserver: %q %v", css, err)
	}

	var msgs bytes.Buffer
	devChild() // done once: theChild is this test's to set
	saved := theChild
	theChild = &reloadChild{msgs: nopWriteCloser{&msgs}}
	defer func() { theChild = saved }()
	css, err = readFS(LiveDir(embedded, "scaffold"), "static/site.css")
	disk, _ := os.ReadFile(filepath.Join("scaffold", "static", "site.css"))
	if err != nil || css != string(disk) {
		t.Fatalf("under the devserver: %q %v; want the file on disk", css, err)
	}
	abs, _ := filepath.Abs("scaffold")
	if got, want := msgs.String(), "live \""+abs+"\"\n"; got != want {
		t.Errorf("message to the devserver %q, want %q", got, want)
	}

	// A directory the source does not have: the embedded one.
	embedded["nowhere/x"] = &fstest.MapFile{Data: []byte("x")}
	if x, err := readFS(LiveDir(embedded, "nowhere"), "x"); err != nil || x != "x" {
		t.Errorf("a directory not on disk: %q %v", x, err)
	}
}

func readFS(fsys fs.FS, name string) (string, error) {
	b, err := fs.ReadFile(fsys, name)
	return string(b), err
}

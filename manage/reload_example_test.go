package manage_test

import (
	"fmt"
	"html/template"
	"os"
	"testing/fstest"

	"github.com/hoop-go/hoop/manage"
)

// Listen is what Serve listens with: in a process the reloading
// devserver started, the socket it handed over; anywhere else, a new
// one.
func ExampleListen() {
	ln, err := manage.Listen("127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()
	fmt.Println(ln.Addr().Network())
	// Output: tcp
}

// A site's templates, compiled in, and read from its source under the
// devserver, so that an edit shows on the next request. In a site's
// package files is
//
//	//go:embed templates static
//	var files embed.FS
func ExampleLiveDir() {
	files := fstest.MapFS{"templates/index.html": {Data: []byte("<h1>{{.}}</h1>\n")}}
	templates := manage.LiveDir(files, "templates")
	// In debug, parse on each request; here, once.
	t := template.Must(template.ParseFS(templates, "*.html"))
	_ = t.ExecuteTemplate(os.Stdout, "index.html", "Hello")
	// Output: <h1>Hello</h1>
}

package pyre_test

import (
	"fmt"

	"github.com/dlclark/regexp2"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

func ExampleParse() {
	re, err := pyre.Parse(`^(?P<year>[0-9]{4})/(\d+)/$`)
	if err != nil {
		panic(err)
	}
	fmt.Println(re.NumGroups, re.GroupNames[0], re.HasNamedGroups())
	for _, n := range re.Root.Sub {
		fmt.Printf("%v %q\n", n.Op, re.Source[n.Pos:n.End])
	}

	_, err = pyre.Parse(`^(?<year>[0-9]{4})/$`)
	fmt.Println(err)
	// Output:
	// 2 year true
	// BeginLine "^"
	// Capture "(?P<year>[0-9]{4})"
	// Literal "/"
	// Capture "(\\d+)"
	// Literal "/"
	// EndLine "$"
	// unknown extension ?<y at position 2 (Python spells a named group (?P<name>...), not (?<name>...))
}

func ExampleRegexp_Dotnet() {
	re, err := pyre.Parse(`^(?P<slug>[\w-]+)/(?P=slug)\Z`)
	if err != nil {
		panic(err)
	}
	expr, opts, err := re.Dotnet(false)
	if err != nil {
		panic(err)
	}
	fmt.Println(expr)

	rx := regexp2.MustCompile(expr, opts)
	m, _ := rx.FindStringMatch("José-٣٤/José-٣٤")
	fmt.Println(m.GroupByNumber(1).String())
	// Output:
	// ^([\p{L}\p{N}_\u002D]+)/\k<1>\z
	// José-٣٤
}

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

func ExampleRegexp_Go() {
	re, err := pyre.Parse(`^(?P<slug>[\w-]+)/(?P<id>\d+)/$`)
	if err != nil {
		panic(err)
	}
	rx, err := re.Go(false, pyre.Fullmatch)
	if err != nil {
		panic(err)
	}
	fmt.Println(rx)
	fmt.Println(rx.FindStringSubmatch("José-٣٤/12/"))

	// Python's $ also matches before a final newline; re.search keeps
	// where it matched, which Go's regexp cannot say.
	_, err = re.Go(false, pyre.Search)
	fmt.Println(err)

	re, _ = pyre.Parse(`^(?P<a>\w+)/(?P=a)/$`)
	_, err = re.Go(false, pyre.Fullmatch)
	fmt.Println(err)
	// Output:
	// \A([\p{L}\p{N}_\-]+)/([\p{Nd}]+)/\z
	// [José-٣٤/12/ José-٣٤ 12]
	// '$' in a pattern that is searched, not fullmatched at position 30
	// back-reference at position 12
}

func ExampleClass_Contains() {
	re, err := pyre.Parse(`[^\W\d]`) // a word character that is not a digit
	if err != nil {
		panic(err)
	}
	c := re.Root.Class
	for _, r := range "aé٣_" {
		fmt.Printf("%q unicode=%v ascii=%v\n", r, c.Contains(r, false), c.Contains(r, true))
	}
	// Output:
	// 'a' unicode=true ascii=true
	// 'é' unicode=true ascii=false
	// '٣' unicode=false ascii=false
	// '_' unicode=true ascii=true
}

package urlconf

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// routeParam finds one <converter:name> or <name> in a path() route. It is
// Django's _PATH_PARAMETER_COMPONENT_RE.
var routeParam = regexp.MustCompile(`<(?:([^>:]+):)?([^>]+)>`)

// routeParamRef is one parameter of a path() route.
type routeParamRef struct {
	name      string
	converter Converter
}

// routeToRegex turns a path() route into the Python-syntax regex Django
// compiles for it: "^" + escaped literal text + one named group per
// parameter, and "\Z" at the end of an endpoint. It is Django's
// _route_to_regex, including its error messages.
func routeToRegex(route string, endpoint bool, converters map[string]Converter) (string, []routeParamRef, error) {
	var b strings.Builder
	var params []routeParamRef
	b.WriteString("^")
	rest := route
	for {
		loc := routeParam.FindStringSubmatchIndex(rest)
		if loc == nil {
			b.WriteString(pyEscape(rest))
			break
		}
		if strings.ContainsAny(rest[loc[0]:loc[1]], " \t\n\r\v\f") {
			return "", nil, fmt.Errorf("URL route %q cannot contain whitespace in angle brackets <…>", route)
		}
		b.WriteString(pyEscape(rest[:loc[0]]))
		convName := "str"
		if loc[2] >= 0 {
			convName = rest[loc[2]:loc[3]]
		}
		name := rest[loc[4]:loc[5]]
		rest = rest[loc[1]:]
		if !isIdentifier(name) {
			return "", nil, fmt.Errorf("URL route %q uses parameter name %q which isn't a valid identifier", route, name)
		}
		conv, ok := converters[convName]
		if !ok {
			return "", nil, fmt.Errorf("URL route %q uses invalid converter %q", route, convName)
		}
		params = append(params, routeParamRef{name: name, converter: conv})
		b.WriteString("(?P<" + name + ">" + conv.Regex() + ")")
	}
	if endpoint {
		b.WriteString(`\Z`)
	}
	return b.String(), params, nil
}

// pyEscape is Python's re.escape: a backslash before every character that
// is special in a regex.
func pyEscape(s string) string {
	const special = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune(special, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isIdentifier is Python's str.isidentifier, close enough for parameter
// names: a letter or "_", then letters, digits or "_".
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)):
		default:
			return false
		}
	}
	return true
}

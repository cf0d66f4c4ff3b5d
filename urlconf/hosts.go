package urlconf

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hoop-go/hoop/internal/resolution"
	"github.com/hoop-go/hoop/urlconf/internal/pyre"
)

// A Host routes the requests for the host names its pattern matches to
// a conf of their own, as django-hosts' host() does: api.example.com to
// the API's conf, www.example.com to the site's, ann.example.com to the
// users' pages with user=ann.
type Host struct {
	// Name names the host for ReverseHost and as NewHosts' default.
	Name string
	// Pattern is a regex in Python syntax, matched as django-hosts
	// matches it: at the start of the host name (lower-cased, without
	// the port), up to a "." or the end of the name. "www" matches
	// www.example.com; "(?P<user>[a-z0-9-]+)" matches ann.example.com,
	// with the kwarg user=ann. Named groups are kwargs, unnamed ones are
	// not passed on.
	Pattern string
	// Conf resolves the paths of the host's requests.
	Conf *Conf
	// Scheme ("https") and Port ("8443") are those of links to the host
	// from a request to another host. Empty means the request's own.
	Scheme, Port string
}

// Hosts is an ordered list of hosts with a default: the host conf of a
// site that routes by host name. It is immutable and safe for concurrent
// use.
type Hosts struct {
	parent string
	def    int
	hosts  []*hostEntry
}

type hostEntry struct {
	Host
	pat   *pattern
	forms []form // for ReverseHost; nil when the pattern cannot be reversed
}

// NewHosts compiles hosts, which are tried in order. defaultHost names
// the host whose conf serves a host name no pattern matches (Django's
// DEFAULT_HOST). parent is the domain ReverseHost appends to a host's
// name (PARENT_HOST): with parent "example.com", the host "www" is
// www.example.com. The error lists every bad host at once, naming each.
func NewHosts(parent, defaultHost string, hosts ...Host) (*Hosts, error) {
	h := &Hosts{parent: strings.Trim(strings.ToLower(parent), "."), def: -1}
	var problems []string
	fail := func(i int, host Host, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("hosts[%d] %q: ", i, host.Name)+fmt.Sprintf(format, args...))
	}
	seen := map[string]int{}
	for i, host := range hosts {
		before := len(problems)
		switch j, dup := seen[host.Name]; {
		case host.Name == "":
			fail(i, host, "has no Name")
		case dup:
			fail(i, host, "has the name of hosts[%d]", j)
		}
		seen[host.Name] = i
		if host.Conf == nil {
			fail(i, host, "has no Conf")
		}
		if host.Scheme != "" && !validScheme(host.Scheme) {
			fail(i, host, "Scheme %q is not a URL scheme such as \"https\"", host.Scheme)
		}
		if host.Port != "" && !validPort(host.Port) {
			fail(i, host, "Port %q is not a port number from 1 to 65535", host.Port)
		}
		if _, err := pyre.Parse(host.Pattern); err != nil {
			fail(i, host, "%q is not a valid regular expression: %v", host.Pattern, err)
		}
		if len(problems) > before {
			continue
		}
		// django-hosts' pattern + r'(\.|$)', as a search anchored at the
		// start: what follows the pattern is a "." or the end.
		e := &Entry{kind: kindReInclude, pattern: `^(?:` + host.Pattern + `)(?:\.|\Z)`, where: host.Name}
		p, err := compilePattern(e, nil, false)
		if err != nil {
			fail(i, host, "%v", err)
			continue
		}
		timeout := DefaultMatchTimeout
		if untimedDefaults {
			timeout = noLimit
		}
		p.setTimeout(timeout)
		forms, _ := normalize(host.Pattern)
		h.hosts = append(h.hosts, &hostEntry{Host: host, pat: p, forms: forms})
	}
	if len(problems) == 0 {
		for i, e := range h.hosts {
			if e.Name == defaultHost {
				h.def = i
			}
		}
		if h.def < 0 {
			problems = append(problems, fmt.Sprintf("the default host %q is not one of the hosts", defaultHost))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("urlconf: invalid hosts:\n\t%s", strings.Join(problems, "\n\t"))
	}
	return h, nil
}

// List returns the hosts, in the order they are tried.
func (h *Hosts) List() []Host {
	out := make([]Host, len(h.hosts))
	for i, e := range h.hosts {
		out[i] = e.Host
	}
	return out
}

// Default returns the default host.
func (h *Hosts) Default() Host { return h.hosts[h.def].Host }

// Lookup returns the host named name.
func (h *Hosts) Lookup(name string) (Host, bool) {
	for _, e := range h.hosts {
		if e.Name == name {
			return e.Host, true
		}
	}
	return Host{}, false
}

// Match returns the first host whose pattern matches hostname (a host
// name without port, as a request names it), with the kwargs of its
// named groups; the default host, without kwargs, when none does. The
// error is a pattern that ran out of time (*TimeoutError).
func (h *Hosts) Match(hostname string) (Host, map[string]string, error) {
	i, kv, err := h.match(hostname, nil)
	if err != nil {
		return Host{}, nil, err
	}
	var kwargs map[string]string
	for k := 0; k+1 < len(kv); k += 2 {
		if kwargs == nil {
			kwargs = map[string]string{}
		}
		kwargs[kv[k]] = kv[k+1]
	}
	return h.hosts[i].Host, kwargs, nil
}

// match is Match without allocating: the host's index, and its kwargs
// appended to dst as name, value pairs.
func (h *Hosts) match(hostname string, dst []string) (int, []string, error) {
	hostname = strings.ToLower(hostname)
	for i := 0; i < len(hostname); i++ {
		if hostname[i] >= 0x80 {
			return h.def, dst, nil // not a host name: hosts are ASCII
		}
	}
	var buf [2 * maxCaps]int
	for i, e := range h.hosts {
		p := e.pat
		caps := buf[:0]
		if n := 2 * len(p.groups); n <= len(buf) {
			caps = buf[:n]
		} else {
			caps = make([]int, n)
		}
		ok, err := p.matchASCII(hostname, caps)
		if err != nil {
			return h.def, dst, err
		}
		if !ok {
			continue
		}
		for g, name := range p.groups {
			if name != "" && caps[2*g] >= 0 {
				dst = append(dst, name, hostname[caps[2*g]:caps[2*g+1]])
			}
		}
		return i, dst, nil
	}
	return h.def, dst, nil
}

// matchASCII matches p against s, which is ASCII, so that regexp2's
// rune offsets are byte offsets, with the group spans in caps.
func (p *pattern) matchASCII(s string, caps []int) (bool, error) {
	if p.gore != nil && len(p.groups) == 0 {
		// Whether it matches is all there is to know: MatchString
		// allocates nothing, where a hit's spans would.
		return strings.HasPrefix(s, p.gore.prefix) && p.gore.re.MatchString(s), nil
	}
	if p.linear() {
		_, ok := p.matchLinear(s, caps)
		return ok, nil
	}
	m, err := p.regexp().FindStringMatch(s)
	if err != nil {
		return false, errMatchTimeoutFor(p)
	}
	if m == nil {
		return false, nil
	}
	for i := range p.groups {
		caps[2*i], caps[2*i+1] = -1, -1
		if g := m.GroupByNumber(i + 1); g != nil && len(g.Captures) > 0 {
			caps[2*i], caps[2*i+1] = g.Index, g.Index+g.Length
		}
	}
	return true, nil
}

// ReverseHost returns the host name of the host called name, with
// kwargs for its pattern's named groups, and the parent domain:
// django-hosts' reverse_host. With parent "example.com", "www" gives
// www.example.com, and (?P<user>[a-z0-9-]+) with user=ann gives
// ann.example.com. A host whose pattern writes the parent itself, or
// nothing, gives the parent.
func (h *Hosts) ReverseHost(name string, kwargs map[string]any) (string, error) {
	var e *hostEntry
	for _, c := range h.hosts {
		if c.Name == name {
			e = c
		}
	}
	if e == nil {
		return "", &NoReverseMatch{Message: fmt.Sprintf("No host called '%s' exists", name)}
	}
	values := make(map[string]string, len(kwargs))
	for k, v := range kwargs {
		values[k] = strings.ToLower(textOf(v))
	}
	keys := slices.Sorted(maps.Keys(kwargs))
	var buf [2 * maxCaps]int
	for _, f := range e.forms {
		if !slices.Equal(slices.Sorted(slices.Values(f.params)), keys) {
			continue
		}
		cand := f.expand(values)
		caps := buf[:0]
		if n := 2 * len(e.pat.groups); n <= len(buf) {
			caps = buf[:n]
		} else {
			caps = make([]int, n)
		}
		if ok, err := e.pat.matchASCII(cand, caps); err != nil || !ok || !isHostName(cand) {
			continue
		}
		switch {
		case h.parent == "":
		case cand == "" || cand == h.parent:
			cand = h.parent
		default:
			cand += "." + h.parent
		}
		return cand, nil
	}
	return "", &NoReverseMatch{Message: fmt.Sprintf("Reverse host for '%s' with keyword arguments '%s' not found.", name, pyRepr(kwargs))}
}

// isHostName reports whether s is made of what a host name may hold:
// a value that would change which host a URL names is refused.
func isHostName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

func validPort(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || i >= 5 {
			return false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n >= 1 && n <= 65535
}

func init() {
	resolution.MatchHost = func(hosts any, hostname string, dst []string) (int, []string, error) {
		return hosts.(*Hosts).match(hostname, dst)
	}
}

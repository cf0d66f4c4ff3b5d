package middleware

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/hoop-go/hoop/internal/peer"
)

// TrustedProxies believes what the proxies at trusted (the
// trusted_proxies setting: settings.TrustedProxyPrefixes) say about the
// client, and nothing that anyone else says. For a request whose peer
// is one of them it reads, from X-Forwarded-For, X-Forwarded-Proto and
// X-Forwarded-Host, or, when there is none of those, from the Forwarded
// header (RFC 7239):
//
//   - the client's address: the last address of the chain that is not a
//     trusted proxy, reading from the peer back, so that whatever the
//     client put at the front of the chain is never taken;
//     views.ClientIP returns it, and the request log logs it;
//   - whether the client used HTTPS: the proto of the nearest proxy
//     ("https" or "http"); views.IsSecure and views.AbsoluteURL use it;
//   - the host the client asked for: the nearest proxy's, which becomes
//     r.Host, so that AllowedHosts checks it and AbsoluteURL uses it.
//
// From any other peer the headers are ignored: a client can send them
// too. A value that does not parse is ignored, as if absent. The
// proxies must set (not pass on) the headers hoop reads: a proxy that
// passes a client's X-Forwarded-Host or X-Forwarded-Proto through lets
// the client choose them (docs/DEPLOYMENT.md has nginx's lines). Put it
// before AllowedHosts; middleware.Defaults does, when the setting lists
// a proxy.
func TrustedProxies(trusted []netip.Prefix) func(http.Handler) http.Handler {
	trusted = append([]netip.Prefix(nil), trusted...)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !isTrusted(peerAddr(r.RemoteAddr), trusted) {
				next.ServeHTTP(w, r)
				return
			}
			st, r := stateFor(r)
			st.peer = forwarded(r.Header, trusted)
			st.forwarded = true
			if st.peer.Host != "" {
				r.Host = st.peer.Host
			}
			next.ServeHTTP(w, r)
		})
	}
}

// forwarded reads what the proxies said, trusting the chain of addresses
// only as far back as it runs through trusted proxies.
func forwarded(h http.Header, trusted []netip.Prefix) peer.Info {
	var chain []string
	var proto, host string
	xff, xfp, xfh := h.Values("X-Forwarded-For"), h.Values("X-Forwarded-Proto"), h.Values("X-Forwarded-Host")
	if len(xff)+len(xfp)+len(xfh) > 0 {
		chain, proto, host = splitList(xff), lastOf(xfp), lastOf(xfh)
	} else if fw := h.Values("Forwarded"); len(fw) > 0 {
		elements := parseForwarded(strings.Join(fw, ","))
		for _, e := range elements {
			chain = append(chain, e["for"])
		}
		if len(elements) > 0 {
			last := elements[len(elements)-1]
			proto, host = last["proto"], last["host"]
		}
	}
	info := peer.Info{IP: clientOf(chain, trusted)}
	switch p := strings.ToLower(proto); p {
	case "http", "https":
		info.Proto = p
	}
	if validHost(host) {
		info.Host = host
	}
	return info
}

// clientOf is the client's address in chain (the client first, each
// proxy after the one before it): the last address that is not a
// trusted proxy, or, when every one is, the first. An entry that is not
// an address ends the search: nothing before it can be believed.
func clientOf(chain []string, trusted []netip.Prefix) string {
	client := ""
	for i := len(chain) - 1; i >= 0; i-- {
		a, ok := nodeAddr(strings.TrimSpace(chain[i]))
		if !ok {
			break
		}
		client = a.String()
		if !isTrusted(a, trusted) {
			break
		}
	}
	return client
}

// nodeAddr parses a node of X-Forwarded-For or of a Forwarded for=:
// "192.0.2.43", "192.0.2.43:47011", "[2001:db8::17]:4711", "2001:db8::17".
func nodeAddr(node string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(node); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(node); err == nil {
		return ap.Addr().Unmap(), true
	}
	if strings.HasPrefix(node, "[") && strings.HasSuffix(node, "]") {
		if a, err := netip.ParseAddr(node[1 : len(node)-1]); err == nil {
			return a.Unmap(), true
		}
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if a.IsValid() && p.Contains(a) {
			return true
		}
	}
	return false
}

// peerAddr is the address of r.RemoteAddr, "ip:port" as net/http sets
// it; invalid when it is not one.
func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// parseForwarded parses the elements of a Forwarded header, each a map
// of its pairs with lower-case names and unquoted values. Pairs that do
// not parse are dropped; a value may be a quoted string with commas and
// semicolons in it.
func parseForwarded(v string) []map[string]string {
	var elements []map[string]string
	e := map[string]string{}
	for i := 0; i < len(v); {
		// name
		j := i
		for j < len(v) && v[j] != '=' && v[j] != ';' && v[j] != ',' {
			j++
		}
		name := strings.ToLower(strings.TrimSpace(v[i:j]))
		var value string
		if j < len(v) && v[j] == '=' {
			j++
			for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
				j++
			}
			if j < len(v) && v[j] == '"' {
				var b strings.Builder
				for j++; j < len(v) && v[j] != '"'; j++ {
					if v[j] == '\\' && j+1 < len(v) {
						j++
					}
					b.WriteByte(v[j])
				}
				j++ // the closing quote
				value = b.String()
			} else {
				k := j
				for j < len(v) && v[j] != ';' && v[j] != ',' {
					j++
				}
				value = strings.TrimSpace(v[k:j])
			}
			if name != "" {
				e[name] = value
			}
		}
		for j < len(v) && v[j] != ';' && v[j] != ',' {
			j++ // anything after a quoted value, up to the separator
		}
		if j >= len(v) || v[j] == ',' {
			elements = append(elements, e)
			e = map[string]string{}
		}
		i = j + 1
	}
	return elements
}

// splitList splits the comma-separated values of a header's lines.
func splitList(lines []string) []string {
	var items []string
	for _, l := range lines {
		items = append(items, strings.Split(l, ",")...)
	}
	return items
}

// lastOf is the last item of a comma-separated header: what the nearest
// proxy set.
func lastOf(lines []string) string {
	items := splitList(lines)
	if len(items) == 0 {
		return ""
	}
	return strings.TrimSpace(items[len(items)-1])
}

// validHost reports whether host can be a request's Host: a name or an
// address, with an optional port, and nothing else.
func validHost(host string) bool {
	if host == "" || len(host) > 255 {
		return false
	}
	for _, c := range []byte(host) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._:[]", c) >= 0:
		default:
			return false
		}
	}
	return true
}

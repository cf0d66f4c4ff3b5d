// Package hostname reads the host a request names, as Django's
// get_host and split_domain_port do, and checks it against the allowed
// hosts: one definition for the AllowedHosts middleware and for the
// dispatcher's host routing, so that a host one refuses the other never
// routes.
package hostname

import "strings"

// Split returns the domain of host (lower-cased, one trailing dot
// dropped) and its port, and whether host is well formed: Django's
// host_validation_re, ^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$,
// with the port checked to be in 1-65535.
func Split(host string) (domain, port string, ok bool) {
	host = strings.ToLower(host)
	hasPort := false
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", "", false
		}
		domain, port = host[:end+1], host[end+1:]
		if !validIPv6Literal(domain[1:end]) {
			return "", "", false
		}
		if port != "" {
			if port[0] != ':' {
				return "", "", false
			}
			port, hasPort = port[1:], true
		}
	} else {
		domain = host
		if i := strings.IndexByte(host, ':'); i >= 0 {
			domain, port, hasPort = host[:i], host[i+1:], true
		}
		if domain == "" {
			return "", "", false
		}
		for i := 0; i < len(domain); i++ {
			c := domain[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
				return "", "", false
			}
		}
		domain = strings.TrimSuffix(domain, ".")
		if domain == "" {
			return "", "", false
		}
	}
	if hasPort && !validPort(port) {
		return "", "", false
	}
	return domain, port, true
}

// validIPv6Literal is Django's [a-f0-9]*:[a-f0-9.:]+ for what is
// between the brackets.
func validIPv6Literal(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 0 || colon == len(s)-1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		hex := '0' <= c && c <= '9' || 'a' <= c && c <= 'f'
		if i < colon && !hex || i > colon && !hex && c != '.' && c != ':' {
			return false
		}
	}
	return true
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n >= 1 && n <= 65535
}

// Allowed is Django's validate_host: any pattern is "*", the host
// itself, or ".domain" matching the domain and its subdomains. Patterns
// must be lower-case and not empty.
func Allowed(host string, patterns []string) bool {
	for _, p := range patterns {
		switch {
		case p == "*", p == host:
			return true
		case p[0] == '.' && (strings.HasSuffix(host, p) || host == p[1:]):
			return true
		}
	}
	return false
}

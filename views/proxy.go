package views

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"

	"github.com/hoop-go/hoop/settings"
)

// Proxy returns a view that forwards each request to another HTTP server,
// s.ProxyUpstream, and sends its response back: the way a hoop site
// serves the views of a Django site it has not ported yet, view by view
// (docs/FROM-DJANGO.md).
//
// The request goes upstream as it came: method, path (joined to the
// upstream URL's path), query, body and headers, the Host header included,
// so that the upstream builds the same absolute URLs and checks the same
// allowed hosts. The response's headers are the upstream's: a header that
// middleware set before the view (security headers) is replaced by the
// upstream's when it sends one. Hop-by-hop headers are dropped, and X-Forwarded-For,
// X-Forwarded-Host and X-Forwarded-Proto are set from this request alone:
// values a client sent are replaced, never passed on, since nothing says
// they are true. Responses stream: each chunk the upstream sends is
// flushed to the client, so server-sent events and large downloads work.
// A WebSocket (any Upgrade) is switched through, and the two connections
// are copied both ways until one side closes.
//
// Connecting is bounded by s.ProxyDialTimeout and the wait for the
// response headers by s.ProxyResponseTimeout. An upstream that cannot be
// reached, or that fails mid-request, is answered 502 Bad Gateway; one
// that does not answer in time, 504 Gateway Timeout. Both are the site's
// error pages (RenderError: JSON for scripts, HTML for browsers), and
// each failure is logged on logger (slog.Default() when nil) with the
// upstream's error, which the client never sees.
//
// It returns an error when s.ProxyUpstream is empty or not an http or
// https URL.
func Proxy(s settings.Settings, logger *slog.Logger) (http.Handler, error) {
	if s.ProxyUpstream == "" {
		return nil, errors.New("views: Proxy: no upstream (set proxy_upstream, or HOOP_PROXY_UPSTREAM, to the URL of the server to forward to)")
	}
	upstream, err := url.Parse(s.ProxyUpstream)
	if err != nil || (upstream.Scheme != "http" && upstream.Scheme != "https") || upstream.Host == "" {
		return nil, fmt.Errorf("views: Proxy: proxy_upstream %q is not an http:// or https:// URL naming a host", s.ProxyUpstream)
	}
	if logger == nil {
		logger = slog.Default()
	}
	p := &proxy{upstream: upstream, logger: logger}
	p.rp = &httputil.ReverseProxy{
		Rewrite:        p.rewrite,
		ModifyResponse: upstreamHeadersWin,
		Transport:      transport(s.ProxyDialTimeout, s.ProxyResponseTimeout),
		ErrorHandler:   p.fail,
		// Only for errors after the response started, where nothing
		// can be rendered: ReverseProxy logs them here.
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return p, nil
}

type proxy struct {
	upstream *url.URL
	rp       *httputil.ReverseProxy
	logger   *slog.Logger
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), writerKey{}, w)))
}

// writerKey holds the response writer in the request's context, for
// upstreamHeadersWin.
type writerKey struct{}

// upstreamHeadersWin drops the headers that middleware set before the
// view (security headers) when the upstream sets them too: its page, its
// policy, as a Go view may change them for its own response. Without it,
// ReverseProxy would add the upstream's values to the middleware's, and
// a browser sees "X-Frame-Options: DENY, SAMEORIGIN", which it rejects.
func upstreamHeadersWin(resp *http.Response) error {
	if w, ok := resp.Request.Context().Value(writerKey{}).(http.ResponseWriter); ok {
		h := w.Header()
		for k := range resp.Header {
			h.Del(k)
		}
	}
	return nil
}

// rewrite aims the outgoing request at the upstream. ReverseProxy has
// already removed hop-by-hop headers and the client's X-Forwarded-*.
func (p *proxy) rewrite(pr *httputil.ProxyRequest) {
	pr.SetURL(p.upstream)
	pr.Out.Host = pr.In.Host // SetURL sets the upstream's; keep the site's
	pr.SetXForwarded()
}

// transport is http.DefaultTransport's configuration with the two
// timeouts of the settings. It never follows proxies from the
// environment: the upstream is a neighbour, named by the settings.
func transport(dial, response time.Duration) *http.Transport {
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: dial, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: response,
	}
}

// fail answers a request the upstream did not: 504 if it ran out of
// time once connected, 502 otherwise. A client that went away gets nothing: it would
// not read it.
func (p *proxy) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(r.Context().Err(), context.Canceled) {
		return
	}
	status, detail := http.StatusBadGateway, "The server this page comes from could not be reached, or failed to answer."
	var ne net.Error
	var op *net.OpError
	dial := errors.As(err, &op) && op.Op == "dial" // unreachable, however long it took to find out
	if !dial && (errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded)) {
		status, detail = http.StatusGatewayTimeout, "The server this page comes from did not answer in time."
	}
	p.logger.Error("proxy: upstream failed", "upstream", p.upstream.Redacted(), "method", r.Method, "path", r.URL.Path, "status", status, "error", err.Error())
	RenderError(w, r, &HTTPError{Status: status, Detail: detail, Err: err})
}

// Package views holds hoop's view registry and what views use to read the
// request's match.
//
// A view is an http.Handler. A site registers its views by name in a
// Registry, or declares each where its pattern is (Path, RePath); its URL
// conf (package urlconf) names the view each pattern leads to; the
// dispatcher (package dispatcher) checks at start-up that every name has
// one view, and calls the view with the match in the request.
//
// There is one call for each job: a view that answers a value (Func); a
// redirect (Redirect, PermanentRedirect, SafeRedirect for a URL the
// request supplied), an error (NotFound, Forbidden, Error...), each an
// *HTTPError that is also an http.Handler; files (Static over a Dir or
// an fs.FS).
//
// Views read captured kwargs with the standard r.PathValue, or the whole
// match with MatchOf. To unit-test a view without a dispatcher, inject the
// kwargs with WithKwargs and call it with an httptest.ResponseRecorder.
package views

// Package flash gives a site one-time messages: set in one request, shown
// once in the next, as Django's messages framework and Flask's flash do.
// The classic use is the message after a redirect: "Your profile was
// saved." set by the POST, shown by the page the browser is redirected to.
//
// It is its own package because it needs a place to keep messages between
// two requests of one browser, and a site has two: a cookie signed with
// its secret_key (CookieStore: nothing on the server, tamper-proof through
// package signing, readable by the user) or its session (SessionStore:
// nothing in the browser but the session cookie). The middleware and the
// two functions a view calls are the same for both:
//
//	flash.Add(r, flash.Success, "Your profile was saved.")
//	...
//	for _, m := range flash.Messages(r) { ... } // in the next request
//
// Messages are stored only when a request adds some or reads some, and
// before the response starts (the store writes a cookie, or the session
// is saved with the response). Messages not read stay for the next
// request. A cookie that was altered, or signed with a key that is
// neither secret_key nor one of secret_key_fallbacks, is treated as no
// messages, and replaced by the next ones stored.
package flash

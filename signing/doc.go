// Package signing signs values so that they can travel through an
// untrusted medium (a cookie, a URL, a hidden form field) and be trusted
// when they come back: Django's django.core.signing, with its semantics
// and its wire format.
//
// It exists because a site's secret_key is worth nothing until something
// signs with it. A Signer appends an HMAC-SHA256 of the value, keyed by
// the secret key and a salt, in URL-safe base64 without padding:
//
//	value:signature
//
// Unsign checks the signature in constant time against the key and then
// against each fallback key (secret_key_fallbacks), so that a key can be
// rotated without invalidating what the old one signed: sign with the new
// key, keep the old one as a fallback until what it signed has expired,
// then drop it. A TimestampSigner adds the signing time, so that Unsign
// can refuse a value older than a maximum age; SignObject and
// UnsignObject carry any JSON value, optionally compressed.
//
// The salt namespaces signatures: a value signed for one purpose (a
// password-reset link) must never be accepted for another (a flash
// message cookie), so give every use its own salt. Signing is not
// encryption: the value is readable by anyone who holds the signed text.
//
// With the same key, salt and separator, signatures are Django's own: a
// value signed by a Django site (Signer, TimestampSigner, dumps) unsigns
// here, and the other way round.
package signing

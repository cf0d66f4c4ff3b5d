package flash

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/hoop-go/hoop/sessions"
	"github.com/hoop-go/hoop/settings"
	"github.com/hoop-go/hoop/signing"
)

// CookieName is the cookie CookieStore keeps messages in.
const CookieName = "hoop_messages"

// cookieSalt namespaces the cookie's signature: a value signed for
// anything else never passes for messages.
const cookieSalt = "hoop.flash.CookieStore"

// MaxCookieBytes bounds the cookie's value, well under the 4096 bytes
// browsers keep: the oldest messages are dropped to fit.
const MaxCookieBytes = 2048

// CookieStore keeps messages in a cookie signed with s.SecretKey (and
// accepted when signed with one of s.SecretKeyFallbacks): Django's
// CookieStorage. The cookie is HttpOnly, SameSite=Lax, Secure as the
// session cookie is (s.SessionCookieSecureEffective), and session-long.
// Its contents are signed, not encrypted: never flash a secret. It fails
// for an empty secret_key.
func CookieStore(s settings.Settings, logger *slog.Logger) (Store, error) {
	signer, err := signing.New(s.SecretKey, signing.Options{Fallbacks: s.SecretKeyFallbacks, Salt: cookieSalt})
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &cookieStore{signer: signer, secure: s.SessionCookieSecureEffective(), log: logger}, nil
}

type cookieStore struct {
	signer *signing.Signer
	secure bool
	log    *slog.Logger
}

func (c *cookieStore) Load(r *http.Request) []Message {
	ck, err := r.Cookie(CookieName)
	if err != nil {
		return nil
	}
	var msgs []Message
	if err := c.signer.UnsignObject(ck.Value, &msgs); err != nil {
		// Altered, or signed with a retired key: not the site's
		// messages. Save clears the cookie if anything is stored.
		return nil
	}
	return msgs
}

func (c *cookieStore) Save(w http.ResponseWriter, _ *http.Request, msgs []Message) {
	ck := &http.Cookie{Name: CookieName, Path: "/", HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode}
	for len(msgs) > 0 {
		v, err := c.signer.SignObject(msgs, true)
		if err != nil {
			c.log.Error("flash: messages cannot be encoded", "error", err)
			return
		}
		if len(v) <= MaxCookieBytes {
			ck.Value = v
			break
		}
		c.log.Warn("flash: the messages do not fit in a cookie; dropping the oldest", "text_bytes", len(msgs[0].Text))
		msgs = msgs[1:]
	}
	if ck.Value == "" {
		ck.MaxAge = -1 // consumed: remove the cookie
	}
	http.SetCookie(w, ck)
}

// sessionKey is where SessionStore keeps messages in the session, as
// JSON text so that no type needs registering with encoding/gob.
const sessionKey = "_messages"

// SessionStore keeps messages in the request's session (package
// sessions): Django's SessionStorage. Its Middleware must run inside the
// session middleware. A session store that fails answers 503, as for
// any use of the session.
func SessionStore() Store { return sessionStore{} }

type sessionStore struct{}

func (sessionStore) Load(r *http.Request) []Message {
	var msgs []Message
	if text := sessions.GetString(r, sessionKey); text != "" {
		_ = json.Unmarshal([]byte(text), &msgs) // a site's own JSON; if not, none
	}
	return msgs
}

func (sessionStore) Save(_ http.ResponseWriter, r *http.Request, msgs []Message) {
	if len(msgs) == 0 {
		if sessions.Exists(r, sessionKey) {
			sessions.Remove(r, sessionKey)
		}
		return
	}
	b, _ := json.Marshal(msgs) // Messages are strings and ints
	sessions.Put(r, sessionKey, string(b))
}

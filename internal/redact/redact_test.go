package redact

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://hoop:hunter2@db:5432/site?sslmode=require", "postgres://hoop:" + Mask + "@db:5432/site?sslmode=require"},
		{"redis://:s3cret@10.0.0.5:6379/0", "redis://:" + Mask + "@10.0.0.5:6379/0"},
		{"postgres://u:p@ss@host/db", "postgres://u:" + Mask + "@host/db"},
		{"host=db user=hoop password=hunter2 dbname=site", "host=db user=hoop password=" + Mask + " dbname=site"},
		{"host=db password='a b\\' c' dbname=site", "host=db password=" + Mask + " dbname=site"},
		{"dial db: PASSWORD = x", "dial db: PASSWORD = " + Mask},
		{"/callback?code=1&access_token=abc&x=2", "/callback?code=1&access_token=" + Mask + "&x=2"},
		{"https://example.com/?api%5Fkey=abc", "https://example.com/?api%5Fkey=" + Mask},
		{"https://example.com/path", "https://example.com/path"},
		{"no secrets here", "no secrets here"},
		{"what? a=b", "what? a=b"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

type siteSettings struct {
	Debug        bool
	SecretKey    string
	SessionURL   string
	ReadTimeout  time.Duration
	AllowedHosts []string
	Site         map[string]any
	Raw          []byte
	private      string
	Callback     func()
}

// The case: the site's own table, nested, with secrets at every
// depth and in values.
func TestValueAtAnyDepth(t *testing.T) {
	v := siteSettings{
		Debug: true, SecretKey: "the-key", SessionURL: "redis://:pw1@h/0", ReadTimeout: 30 * time.Second,
		AllowedHosts: []string{"example.com"},
		Site: map[string]any{
			"title":             "Shop",
			"stripe_secret_key": "sk_live_1",
			"billing": map[string]any{
				"password":  "pw2",
				"db":        "postgres://shop:pw3@db/shop",
				"endpoints": []any{map[string]any{"Authorization": "Bearer tok1"}, "https://u:pw4@api.example"},
				"limit":     int64(3),
			},
			"PrivateNote": "pw5",
			"credentials": []string{"pw6"},
			"dsn":         "pw7",
		},
		Raw:     []byte("pw8"),
		private: "pw9",
	}
	got := Value(v)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, secret := range []string{"the-key", "pw1", "sk_live_1", "pw2", "pw3", "tok1", "pw4", "pw5", "pw6", "pw7", "pw8", "pw9"} {
		if strings.Contains(text, secret) {
			t.Errorf("%q shown: %s", secret, text)
		}
	}
	for _, shown := range []string{`"Debug":true`, `"ReadTimeout":"30s"`, `"title":"Shop"`, `"limit":3`, `"example.com"`, `"db":"postgres://shop:` + Mask + `@db/shop"`} {
		if !strings.Contains(text, shown) {
			t.Errorf("%s not shown: %s", shown, text)
		}
	}
}

func TestNamed(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want any
	}{
		{"Authorization", "Bearer x", Mask},
		{"X-Api-Key", "x", Mask},
		{"Cookie", "a=b", Mask},
		{"hoop_session", "tok", Mask},
		{"csrftoken", "tok", Mask},
		{"theme", "dark", "dark"},
		{"Accept", "text/html", "text/html"},
		{"next", "/x?token=abc", "/x?token=" + Mask},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Named(tc.name, tc.v); got != tc.want {
				t.Errorf("Named(%q, %v) = %v, want %v", tc.name, tc.v, got, tc.want)
			}
		})
	}
}

type cyclic struct{ Next *cyclic }

func TestValueIsBounded(t *testing.T) {
	c := &cyclic{}
	c.Next = c
	b, err := json.Marshal(Value(c))
	if err != nil || !strings.Contains(string(b), "…") {
		t.Errorf("cyclic value: %s, %v", b, err)
	}
	if got := Value(errors.New("dial postgres://u:pw@h: refused")); got != "dial postgres://u:"+Mask+"@h: refused" {
		t.Errorf("error value: %v", got)
	}
	if got := Value(nil); got != nil {
		t.Errorf("Value(nil) = %v", got)
	}
}

func TestRows(t *testing.T) {
	rows := Rows(map[string]any{"b": 1, "a_token": "x", "c": []int{1}})
	if len(rows) != 3 || rows[0][0] != "a_token" || rows[0][1] != Mask || rows[1][0] != "b" {
		t.Errorf("Rows = %v", rows)
	}
	if Rows("not a map") != nil {
		t.Error("Rows of a string")
	}
}

// FuzzString: a URL or DSN password never survives String, whatever it
// is made of.
func FuzzString(f *testing.F) {
	f.Add("hunter2", "db")
	f.Add("p@ss", "host")
	f.Add("a'b", "x")
	f.Fuzz(func(t *testing.T, pw, host string) {
		if len(pw) < 4 || strings.ContainsAny(pw, " \t\n\r\f\v/&;'\\") || strings.ContainsAny(host, " \t\n\r\f\v/@:?") {
			return // a URL or DSN cannot carry these raw
		}
		for _, s := range []string{"postgres://user:" + pw + "@" + host + "/db", "host=" + host + " password=" + pw + " dbname=x"} {
			out := String(s)
			rest := strings.Replace(s, pw, "", 1)
			if strings.Contains(out, pw) && !strings.Contains(rest+Mask, pw) {
				t.Fatalf("String(%q) = %q shows the password", s, out)
			}
		}
	})
}

package views_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hoop-go/hoop/dispatcher"
	"github.com/hoop-go/hoop/urlconf"
	"github.com/hoop-go/hoop/views"
)

// objTrail records, in order, the filters and methods a request ran.
type objTrail struct {
	mu    sync.Mutex
	steps []string
}

func (t *objTrail) add(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.steps = append(t.steps, s)
}

func (t *objTrail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.steps, " ")
}

func (t *objTrail) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.steps = nil
}

type objShop struct {
	Admin *objAdmin // a pointer sub-controller, with a filter
	Blog  objBlog   // a value sub-controller, with Default
	Notes string    // an exported field that is not a controller
	t     *objTrail
}

func (s *objShop) Exposed() []string {
	return []string{"Index", "Cart", "AddItem", "Item", "Exact", "Raw", "HTTPStatus", "Fail"}
}

func (s *objShop) Before(r *http.Request) error {
	s.t.add("shop.before")
	if r.Header.Get("X-Banned") != "" {
		return views.Forbidden("Banned.")
	}
	return nil
}

func (s *objShop) Index(r *http.Request) (any, error) { s.t.add("index"); return "shop index", nil }
func (s *objShop) Cart(r *http.Request) (any, error)  { s.t.add("cart"); return "cart", nil }
func (s *objShop) AddItem(r *http.Request, args ...string) (any, error) {
	s.t.add("add_item")
	return views.JSON(args), nil
}
func (s *objShop) Item(r *http.Request, args ...string) (any, error) {
	return views.Text(fmt.Sprintf("item %d %q", len(args), args)), nil
}
func (s *objShop) Exact(r *http.Request) (any, error) { return "exact", nil }
func (s *objShop) Raw(w http.ResponseWriter, r *http.Request, args []string) {
	w.Header().Set("X-Raw", "yes")
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "raw %s", strings.Join(args, ","))
}
func (s *objShop) HTTPStatus(r *http.Request) (any, error) { return "http_status", nil }
func (s *objShop) Fail(r *http.Request) (any, error)       { return nil, views.NotFound("No such thing.") }

// Delete is exported but not exposed: never reachable.
func (s *objShop) Delete(r *http.Request) (any, error) { s.t.add("delete"); return "deleted", nil }

// secret is unexported: never reachable.
func (s *objShop) secret(r *http.Request) (any, error) { s.t.add("secret"); return "secret", nil }

type objAdmin struct {
	Users *objUsers
	t     *objTrail
}

func (a *objAdmin) Exposed() []string { return []string{"Index", "Purge"} }
func (a *objAdmin) Before(r *http.Request) error {
	a.t.add("admin.before")
	if r.Header.Get("X-User") == "" {
		return views.Redirect("/login/")
	}
	return nil
}
func (a *objAdmin) Index(r *http.Request) (any, error) { a.t.add("admin.index"); return "admin", nil }
func (a *objAdmin) Purge(r *http.Request) (any, error) { a.t.add("purge"); return "purged", nil }

type objUsers struct{ t *objTrail }

func (u *objUsers) Exposed() []string { return []string{"Index", "Remove"} }
func (u *objUsers) Before(r *http.Request) error {
	u.t.add("users.before")
	return nil
}
func (u *objUsers) Index(r *http.Request) (any, error) { return "users", nil }
func (u *objUsers) Remove(r *http.Request, args ...string) (any, error) {
	u.t.add("remove " + strings.Join(args, ","))
	return "removed", nil
}

// objBlog is a value field of objShop with no Index: a path ending at
// it goes to its Default.
type objBlog struct{}

func (objBlog) Exposed() []string { return []string{"Default", "Latest"} }
func (objBlog) Default(r *http.Request, args ...string) (any, error) {
	return views.Text(fmt.Sprintf("default %q", args)), nil
}
func (objBlog) Latest(r *http.Request) (any, error) { return "latest", nil }

func newObjShop() (*objShop, *objTrail) {
	t := &objTrail{}
	return &objShop{Admin: &objAdmin{Users: &objUsers{t: t}, t: t}, t: t}, t
}

func TestObject(t *testing.T) {
	shop, tr := newObjShop()
	view := views.Object(shop, views.ObjectOptions{})
	tests := []struct {
		name     string
		rest     string
		header   map[string]string
		method   string
		status   int
		body     string // a substring of the body
		location string
		trail    string // filters and methods run, in order; "-" for none
	}{
		{name: "index", rest: "", status: 200, body: "shop index", trail: "shop.before index"},
		{name: "method", rest: "cart", status: 200, body: "cart", trail: "shop.before cart"},
		{name: "trailing slash", rest: "cart/", status: 200, body: "cart", trail: "shop.before cart"},
		{name: "snake_case", rest: "add_item", status: 200, body: "[]", trail: "shop.before add_item"},
		{name: "acronym snake_case", rest: "http_status", status: 200, body: "http_status"},
		{name: "Go name is not a URL", rest: "AddItem", status: 404},
		{name: "camelCase is not a URL", rest: "addItem", status: 404},
		{name: "no snake_case, no match", rest: "additem", status: 404},
		{name: "capitalised", rest: "Cart", status: 404},
		{name: "args", rest: "add_item/42/red", status: 200, body: `["42","red"]`},
		{name: "args trailing slash", rest: "item/a/b/", status: 200, body: `item 2 ["a" "b"]`},
		{name: "variadic takes none", rest: "item", status: 200, body: `item 0 []`},
		{name: "no-args method", rest: "exact", status: 200, body: "exact"},
		{name: "no-args method with extra segment", rest: "exact/1", status: 404, trail: "shop.before"},
		{name: "no-args Index with extra segment", rest: "index/1", status: 404},
		{name: "Index by name", rest: "index", status: 200, body: "shop index"},
		{name: "writer method", rest: "raw/x/y", status: 202, body: "raw x,y"},
		{name: "method error", rest: "fail", status: 404, body: "No such thing."},
		{name: "unexposed method", rest: "delete", status: 404, trail: "shop.before"},
		{name: "unexposed method with args", rest: "delete/1", status: 404, trail: "shop.before"},
		{name: "unexported method", rest: "secret", status: 404, trail: "shop.before"},
		{name: "Exposed itself", rest: "exposed", status: 404},
		{name: "filter hook itself", rest: "before", status: 404},
		{name: "non-controller field", rest: "notes", status: 404},
		{name: "unknown", rest: "nope", status: 404},
		{name: "sub-controller index", rest: "admin", header: map[string]string{"X-User": "ann"},
			status: 200, body: "admin", trail: "shop.before admin.before admin.index"},
		{name: "sub-controller method", rest: "admin/purge", header: map[string]string{"X-User": "ann"},
			status: 200, body: "purged", trail: "shop.before admin.before purge"},
		{name: "filter redirects", rest: "admin/purge", status: 302, location: "/login/",
			trail: "shop.before admin.before"},
		{name: "filter redirects POST with 303", rest: "admin/purge", method: "POST", status: 303,
			location: "/login/", trail: "shop.before admin.before"},
		{name: "filter guards missing pages", rest: "admin/nope", status: 302, location: "/login/",
			trail: "shop.before admin.before"},
		{name: "parent filter guards child", rest: "admin/users/remove/bob", status: 302, location: "/login/",
			trail: "shop.before admin.before"},
		{name: "filters outermost first", rest: "admin/users/remove/bob", header: map[string]string{"X-User": "ann"},
			status: 200, body: "removed", trail: "shop.before admin.before users.before remove bob"},
		{name: "root filter forbids", rest: "cart", header: map[string]string{"X-Banned": "1"},
			status: 403, body: "Banned.", trail: "shop.before"},
		{name: "Default at end of path", rest: "blog", status: 200, body: `default []`},
		{name: "Default gets unmatched", rest: "blog/2024/intro", status: 200, body: `default ["2024" "intro"]`},
		{name: "method beside Default", rest: "blog/latest", status: 200, body: "latest"},
		{name: "no-args method beside Default, extra", rest: "blog/latest/x", status: 404},
		{name: "empty middle segment", rest: "add_item//x", status: 404, trail: "-"},
		{name: "empty first segment", rest: "/cart", status: 404, trail: "-"},
		{name: "only a slash", rest: "/", status: 404},
		{name: "double trailing slash", rest: "cart//", status: 404},
		{name: "dot dot", rest: "item/../cart", status: 404, trail: "-"},
		{name: "dot dot inside", rest: "item/a..b", status: 404},
		{name: "dot", rest: "item/.", status: 404},
		{name: "backslash", rest: `item/a\b`, status: 404},
		{name: "control char", rest: "item/a\nb", status: 404},
		{name: "NUL", rest: "item/a\x00", status: 404},
		{name: "DEL", rest: "item/\x7f", status: 404},
		{name: "invalid UTF-8", rest: "item/\xff", status: 404},
		{name: "Unicode arg", rest: "item/José", status: 200, body: `item 1 ["José"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr.reset()
			method := tt.method
			if method == "" {
				method = "GET"
			}
			req := httptest.NewRequest(method, "/shop/", nil)
			req = views.WithKwargs(req, map[string]any{"rest": tt.rest})
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			view.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d; body %q", rec.Code, tt.status, rec.Body.String())
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body = %q, want it to contain %q", rec.Body.String(), tt.body)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if tt.trail != "" {
				want := strings.TrimPrefix(tt.trail, "-") // "-": nothing ran
				if got := tr.String(); got != want {
					t.Errorf("ran %q, want %q", got, tt.trail)
				}
			}
			for _, forbidden := range []string{"delete", "secret"} {
				if strings.Contains(tr.String(), forbidden) {
					t.Errorf("%s ran: %q", forbidden, tr.String())
				}
			}
		})
	}
}

// The side effect of a filtered method does not happen.
func TestObjectFilterStopsMethod(t *testing.T) {
	shop, tr := newObjShop()
	view := views.Object(shop, views.ObjectOptions{})
	for _, rest := range []string{"admin/purge", "admin/users/remove/bob", "admin", "admin/users"} {
		tr.reset()
		rec := httptest.NewRecorder()
		view.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("POST", "/shop/"+rest, nil), map[string]any{"rest": rest}))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login/" {
			t.Errorf("%s: %d %q, want 303 to /login/", rest, rec.Code, rec.Header().Get("Location"))
		}
		for _, effect := range []string{"purge", "remove", "admin.index", "users.before"} {
			if strings.Contains(tr.String(), effect) {
				t.Errorf("%s: %q ran after the filter refused: %q", rest, effect, tr.String())
			}
		}
	}
}

func TestObjectParam(t *testing.T) {
	shop, _ := newObjShop()
	view := views.Object(shop, views.ObjectOptions{Param: "tail"})
	rec := httptest.NewRecorder()
	view.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"tail": "cart"}))
	if rec.Code != 200 || rec.Body.String() != "cart" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}

	// No such kwarg: the rest is empty, the index.
	rec = httptest.NewRecorder()
	view.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"rest": "cart"}))
	if rec.Code != 200 || rec.Body.String() != "shop index" {
		t.Errorf("got %d %q, want the index", rec.Code, rec.Body.String())
	}
}

func TestObjectDispatcher(t *testing.T) {
	conf, err := urlconf.New(urlconf.Entries(
		urlconf.RePath(`^shop/(?P<rest>.*)$`, "shop"),
		urlconf.Path("store/", "store"),
		urlconf.Path("store/<path:rest>", "store"),
	))
	if err != nil {
		t.Fatal(err)
	}
	shop, tr := newObjShop()
	reg := views.NewRegistry()
	reg.Handle("shop", views.Object(shop, views.ObjectOptions{}))
	reg.Handle("store", views.Object(shop, views.ObjectOptions{}))
	d, err := dispatcher.New(conf, reg, dispatcher.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		header       map[string]string
		status       int
		body         string
		location     string
	}{
		{"GET", "/shop/", nil, 200, "shop index", ""},
		{"GET", "/shop/cart", nil, 200, "cart", ""},
		{"GET", "/shop/cart/", nil, 200, "cart", ""},
		{"GET", "/shop/add_item/42/", nil, 200, `["42"]`, ""},
		{"GET", "/shop/add_item/a%2Fb/", nil, 200, `["a","b"]`, ""}, // the path is decoded first, as in Django
		{"GET", "/shop/admin/users/remove/bob", nil, 302, "", "/login/"},
		{"POST", "/shop/admin/purge", nil, 303, "", "/login/"},
		{"GET", "/shop/admin/users/remove/bob", map[string]string{"X-User": "ann"}, 200, "removed", ""},
		{"GET", "/shop/delete", nil, 404, "not found", ""},
		{"GET", "/shop/delete", map[string]string{"Accept": "application/json"}, 404, `"status":404`, ""},
		{"GET", "/shop/secret", nil, 404, "", ""},
		{"GET", "/shop/item/../cart", nil, 400, "", ""},
		{"GET", "/shop/item/%2E%2E/cart", nil, 400, "", ""}, // the dispatcher refuses a decoded ".." segment
		{"GET", "/shop/a//b", nil, 404, "", ""},
		{"GET", "/shop/blog/2024/intro/", nil, 200, `default ["2024" "intro"]`, ""},
		{"GET", "/store/", nil, 200, "shop index", ""},
		{"GET", "/store/add_item/7/", nil, 200, `["7"]`, ""},
		{"GET", "/store/admin/purge", nil, 302, "", "/login/"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			tr.reset()
			req := httptest.NewRequest(tt.method, tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d; body %q", rec.Code, tt.status, rec.Body.String())
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body = %q, want it to contain %q", rec.Body.String(), tt.body)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if s := tr.String(); tt.status >= 300 && (strings.Contains(s, "remove") || strings.Contains(s, "purge") ||
				strings.Contains(s, "delete") || strings.Contains(s, "secret")) {
				t.Errorf("a refused request ran %q", s)
			}
		})
	}
}

func TestSnakeCaseMapping(t *testing.T) {
	view := views.Object(&objNames{}, views.ObjectOptions{})
	for rest, want := range map[string]int{
		"add_item": 200, "http_status": 200, "get_url": 200, "page2": 200, "x": 200, "user_id_list": 200,
		"additem": 404, "h_t_t_p_status": 404, "httpstatus": 404, "get_u_r_l": 404, "page_2": 404, "X": 404,
	} {
		rec := httptest.NewRecorder()
		view.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"rest": rest}))
		if rec.Code != want {
			t.Errorf("%q: %d, want %d", rest, rec.Code, want)
		}
	}
}

type objNames struct{}

func (*objNames) Exposed() []string {
	return []string{"AddItem", "HTTPStatus", "GetURL", "Page2", "X", "UserIDList"}
}
func (*objNames) AddItem(r *http.Request) (any, error)    { return "", nil }
func (*objNames) HTTPStatus(r *http.Request) (any, error) { return "", nil }
func (*objNames) GetURL(r *http.Request) (any, error)     { return "", nil }
func (*objNames) Page2(r *http.Request) (any, error)      { return "", nil }
func (*objNames) X(r *http.Request) (any, error)          { return "", nil }
func (*objNames) UserIDList(r *http.Request) (any, error) { return "", nil }

// Controllers that are programming errors, for TestObjectPanics.
type objExposes []string

func (e objExposes) Exposed() []string                     { return e }
func (objExposes) Good(r *http.Request) (any, error)       { return nil, nil }
func (objExposes) Returns(r *http.Request) (string, error) { return "", nil }
func (objExposes) NoRequest() (any, error)                 { return nil, nil }
func (objExposes) IntArgs(r *http.Request, n ...int) (any, error) {
	return nil, nil
}
func (objExposes) hidden(r *http.Request) (any, error) { return nil, nil }

type objPtrExposer struct{}

func (*objPtrExposer) Exposed() []string { return []string{"Index"} }
func (*objPtrExposer) Index(r *http.Request) (any, error) {
	return nil, nil
}

type objPtrMethod struct{}

func (objPtrMethod) Exposed() []string                   { return []string{"Index"} }
func (*objPtrMethod) Index(r *http.Request) (any, error) { return nil, nil }

type objClash struct{}

func (*objClash) Exposed() []string                    { return []string{"HTTPGet", "HttpGet"} }
func (*objClash) HTTPGet(r *http.Request) (any, error) { return nil, nil }
func (*objClash) HttpGet(r *http.Request) (any, error) { return nil, nil }

type objFieldClash struct {
	HttpGet *objUsers
}

func (*objFieldClash) Exposed() []string                    { return []string{"HTTPGet"} }
func (*objFieldClash) HTTPGet(r *http.Request) (any, error) { return nil, nil }

type objCyclic struct{ Self *objCyclic }

func (*objCyclic) Exposed() []string { return nil }

type objValueRoot struct{ Child objPtrExposer }

func (objValueRoot) Exposed() []string { return nil }

type objBadChild struct{ Child objExposes }

func (*objBadChild) Exposed() []string { return nil }

func TestObjectPanics(t *testing.T) {
	loop := &objCyclic{}
	loop.Self = loop
	tests := []struct {
		name string
		ctrl any
		want []string // substrings of the panic message
	}{
		{"missing method", objExposes{"Good", "Nope"}, []string{`"Nope"`, "no such exported method"}},
		{"unexported method", objExposes{"hidden"}, []string{`"hidden"`}},
		{"wrong result type", objExposes{"Returns"}, []string{`"Returns"`, "signature func(*http.Request) (string, error)"}},
		{"no request", objExposes{"NoRequest"}, []string{`"NoRequest"`, "signature"}},
		{"int args", objExposes{"IntArgs"}, []string{`"IntArgs"`}},
		{"Exposed itself", objExposes{"Exposed"}, []string{`"Exposed"`, "signature func() []string"}},
		{"every bad entry named", objExposes{"Nope", "Returns", "Good", "hidden"},
			[]string{`"Nope"`, `"Returns"`, `"hidden"`, "views_test.objExposes"}},
		{"not an Exposer", &struct{}{}, []string{"does not implement views.Exposer"}},
		{"nil", nil, []string{"does not implement views.Exposer"}},
		{"nil pointer", (*objPtrExposer)(nil), []string{"nil pointer"}},
		{"Exposer on pointer, value passed", objPtrExposer{}, []string{"pass a pointer"}},
		{"method on pointer, value passed", objPtrMethod{}, []string{`"Index"`, "pass a pointer"}},
		{"snake_case clash", &objClash{}, []string{"http_get"}},
		{"field clashes with method", &objFieldClash{HttpGet: &objUsers{}}, []string{"HttpGet", "HTTPGet", `"http_get"`}},
		{"cycle", loop, []string{"contains itself"}},
		{"pointer-only sub-controller in a value", objValueRoot{}, []string{"objValueRoot.Child", "as a pointer"}},
		{"bad sub-controller", &objBadChild{Child: objExposes{"Nope"}}, []string{"objBadChild.Child", `"Nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				for _, w := range tt.want {
					if !strings.Contains(msg, w) {
						t.Errorf("panic %q does not contain %q", msg, w)
					}
				}
			}()
			views.Object(tt.ctrl, views.ObjectOptions{})
			t.Error("Object did not panic")
		})
	}
}

// A controller shared at two places of the tree is not a cycle; nil and
// embedded sub-controllers are not mounted.
func TestObjectSharedAndNilChildren(t *testing.T) {
	users := &objUsers{t: &objTrail{}}
	root := &objSharedRoot{ObjUsers: &objUsers{t: &objTrail{}}, A: users, B: users, Iface: users}
	view := views.Object(root, views.ObjectOptions{})
	for rest, want := range map[string]int{"a": 200, "b/remove/x": 200, "iface": 200, "none": 404, "nil": 404,
		"obj_users": 404, // an embedded field is not mounted
	} {
		rec := httptest.NewRecorder()
		view.ServeHTTP(rec, views.WithKwargs(httptest.NewRequest("GET", "/", nil), map[string]any{"rest": rest}))
		if rec.Code != want {
			t.Errorf("%q: %d, want %d", rest, rec.Code, want)
		}
	}
}

type ObjUsers = objUsers

type objSharedRoot struct {
	*ObjUsers
	A, B  *objUsers
	None  *objUsers
	Iface views.Exposer
	Nil   views.Exposer
}

func (*objSharedRoot) Exposed() []string { return nil }

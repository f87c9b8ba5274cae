package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/demo"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/web"
)

var ctx = context.Background()

// world is the demo company behind a portal: bob's order of 1,250.00 USD awaiting the approver,
// and alice's small order, both in acme-engineering.
type world struct {
	a                 *app.App
	srv               *httptest.Server
	bob, alice        string // customer ids
	bobsOrder, alices *procura.Order
}

// forEachBackend runs f with a fresh world on SQLite, and on PostgreSQL when configured.
func forEachBackend(t *testing.T, f func(t *testing.T, w *world)) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			w := newWorld(t, b)
			w.bob, w.bobsOrder = w.order(t, "bob@acme.example", 500)
			w.alice, w.alices = w.order(t, "alice@acme.example", 2)
			f(t, w)
		})
	}
}

// newWorld is the demo project on backend b with the portal serving it.
func newWorld(t testing.TB, b sqltest.Backend) *world {
	a := app.New(sqltest.Open(t, b))
	a.Passwords = app.Argon2id{Cheap: true}
	if _, err := a.CreateProject(ctx, "demo", ""); err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, a, app.Caller{ProjectKey: "demo"}); err != nil {
		t.Fatal(err)
	}
	w := &world{a: a}
	portal := &web.Portal{App: a, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	w.srv = httptest.NewServer(portal.Handler())
	t.Cleanup(w.srv.Close)
	return w
}

// order places an order of n widgets by email in acme-engineering.
func (w *world) order(t testing.TB, email string, n int64) (string, *procura.Order) {
	t.Helper()
	c := app.Caller{ProjectKey: "demo"}
	res, err := w.a.Login(ctx, c, procura.CustomerSignIn{Email: email, Password: demo.Password}, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	as := app.Acting{Kind: procura.AsBackend, CustomerID: res.Customer.ID, UnitKey: "acme-engineering"}
	cart, err := w.a.CreateCart(ctx, c, as, procura.CartDraft{Currency: "USD", CustomerEmail: email, Store: &procura.ResourceIdentifier{Key: "main"},
		LineItems: []procura.LineItemDraft{{SKU: "BULK-WIDGET-001", Quantity: &n}}})
	if err != nil {
		t.Fatal(err)
	}
	o, err := w.a.CreateOrder(ctx, c, as, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
	if err != nil {
		t.Fatal(err)
	}
	return res.Customer.ID, o
}

// browser is a client with its own cookies that does not follow redirects.
type browser struct {
	t    testing.TB
	w    *world
	http *http.Client
	base string // the URL the paths asked are under
}

func (w *world) browser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, w: w, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		base: w.srv.URL + "/portal/demo/"}
}

// page is an answer: its status, where it redirects and its body.
type page struct {
	status   int
	location string
	body     string
}

func (b *browser) do(method, path string, form url.Values, header ...string) page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header.Get("Location"), string(raw)}
}

func (b *browser) get(path string) page { b.t.Helper(); return b.do(http.MethodGet, path, nil) }

func (b *browser) post(path string, form url.Values, header ...string) page {
	b.t.Helper()
	return b.do(http.MethodPost, path, form, header...)
}

// signIn signs email in, with the browser's own origin.
func (b *browser) signIn(email string) *browser {
	b.t.Helper()
	p := b.post("sign-in", url.Values{"email": {email}, "password": {demo.Password}}, "Sec-Fetch-Site", "same-origin")
	if p.status != http.StatusSeeOther || p.location != "/portal/demo/" {
		b.t.Fatalf("sign-in of %s: %d %s %s", email, p.status, p.location, p.body)
	}
	return b
}

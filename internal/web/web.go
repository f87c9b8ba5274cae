// Package web serves the buyer portal: server-rendered pages under /portal/{project}/… for the
// people of a buyer company (decision 0049). Every page asks the application's use cases with the
// caller of the signed-in session, so it sees and does exactly what the API would allow.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

//go:embed templates/*.html templates/dashboard/*.html templates/shared/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// maxFormBytes bounds a form's body.
const maxFormBytes = 64 << 10

// Portal serves the pages.
type Portal struct {
	App *app.App
	Log *slog.Logger
	// Proxies are the trusted reverse proxies, whose X-Forwarded-For names the client (the
	// sign-in limit per address counts it).
	Proxies httpapi.Proxies

	pages pages
}

// Handler returns the portal's handler for every path under /portal/. Every request that is not
// a safe method is refused unless it comes from the portal's own origin (Go's
// CrossOriginProtection: the browser's Sec-Fetch-Site, else Origin, against the Host).
func (p *Portal) Handler() http.Handler {
	p.pages = parsePages("templates")
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFiles, "static")
	mux.Handle("GET /portal/{project}/static/", stripProject(http.FileServerFS(static)))
	mux.Handle("GET /portal/{project}/{$}", p.signedIn(p.home))
	mux.HandleFunc("GET /portal/{project}/sign-in", p.signInPage)
	mux.HandleFunc("POST /portal/{project}/sign-in", p.signIn)
	mux.Handle("POST /portal/{project}/sign-out", p.signedIn(p.signOut))
	mux.Handle("POST /portal/{project}/company", p.signedIn(p.switchCompany))
	mux.Handle("GET /portal/{project}/orders", p.signedIn(p.orders))
	mux.Handle("GET /portal/{project}/orders/{unit}/{id}", p.signedIn(p.order))
	mux.Handle("GET /portal/{project}/approvals", p.signedIn(p.approvals))
	mux.Handle("POST /portal/{project}/approvals/{unit}/{id}", p.signedIn(p.decide))
	p.shopRoutes(mux)
	mux.Handle("GET /portal/{project}/security", p.signedIn(p.security))
	mux.Handle("GET /portal/{project}/quotes", p.signedIn(p.quotes))
	mux.Handle("POST /portal/{project}/quotes/requests", p.signedIn(p.requestQuote))
	mux.Handle("GET /portal/{project}/quotes/{unit}/{id}", p.signedIn(p.quote))
	mux.Handle("POST /portal/{project}/quotes/{unit}/{id}", p.signedIn(p.answerQuote))
	mux.Handle("GET /portal/{project}/rules", p.signedIn(p.rules))
	mux.Handle("GET /portal/{project}/rules/new", p.signedIn(p.newRule))
	mux.Handle("POST /portal/{project}/rules/new", p.signedIn(p.saveRule))
	mux.Handle("GET /portal/{project}/rules/{id}", p.signedIn(p.editRule))
	mux.Handle("POST /portal/{project}/rules/{id}", p.signedIn(p.saveRule))
	mux.Handle("POST /portal/{project}/security/sign-out-everywhere", p.signedIn(p.signOutEverywhere))
	p.companyRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		p.fail(w, r, notFound())
	})
	return guard(mux, p.fail)
}

// guard puts around the pages of mux what every page has: its headers, the refusal of requests
// from other origins (answered by fail) and the bound on a form's size.
func guard(mux http.Handler, fail func(http.ResponseWriter, *http.Request, error)) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail(w, r, refused(http.StatusForbidden, "error.crossSite"))
	}))
	return headers(cop.Handler(limitBody(mux)))
}

// stripProject leaves of a static file's path what follows /portal/{project}/static.
func stripProject(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path, u.RawPath = u.Path[len(base(r)+"static"):], ""
		r2.URL = &u
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r2)
	})
}

// headers sets what every page carries: no framing by other sites, no sniffing, no referrer
// beyond the origin, and a content policy that allows only the portal's own styles and forms.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// base is the portal's path of the request's project, ending in a slash.
func base(r *http.Request) string { return "/portal/" + r.PathValue("project") + "/" }

package web

import (
	"net/http"
	"net/url"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// cookieName names the session's cookie; its path is the project's portal, so that each
// project's portal has a session of its own.
const cookieName = "procura_session"

// page is a handler of a signed-in person's page.
type page func(w http.ResponseWriter, r *http.Request, s *app.Session) error

// signedIn runs h with the request's live session. Without one, nothing is done: the browser is
// sent to the sign-in page (after a GET, back to the page once signed in).
func (p *Portal) signedIn(h page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var token string
		if ck, err := r.Cookie(cookieName); err == nil {
			token = ck.Value
		}
		s, err := p.App.ResumeSession(r.Context(), r.PathValue("project"), token)
		if procura.ErrorCode(err) == procura.CodeInvalidToken {
			if token != "" {
				p.setCookie(w, r, "")
			}
			to := base(r) + "sign-in"
			if r.Method == http.MethodGet {
				to += "?next=" + url.QueryEscape(r.URL.Path)
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		if err == nil {
			httpapi.NoteCaller(r, s.Caller()) // for the request's log line
			w.Header().Set("Cache-Control", "no-store")
			err = h(w, r, s)
		}
		if err != nil {
			p.fail(w, r, err)
		}
	})
}

// setCookie gives the browser the session's token ("": deletes it): HttpOnly, SameSite=Lax, and
// Secure when the request came over TLS (to Procura or to a trusted proxy).
func (p *Portal) setCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: cookieName, Value: token, Path: base(r), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: p.Proxies.OverTLS(r)}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// next is where to go after signing in: a page of the project's portal, else its home.
func next(r *http.Request) string {
	n := r.FormValue("next")
	if u, err := url.Parse(n); err == nil && n != "" && u.Scheme == "" && u.Host == "" &&
		len(u.Path) > len(base(r)) && u.Path[:len(base(r))] == base(r) {
		return u.Path
	}
	return base(r)
}

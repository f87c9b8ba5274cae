package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// Accounts without a session (decision 0052): signing up (the API's /me/signup, joining a
// company by its join policy), a forgotten password (the password token the seller's API creates,
// mailed by the project's password-reset notification) and its reset, and the confirmation of an
// email address (the email token the verification mail carries). The mails link to these pages
// when the project's notification links point at them.

// MailLinks are the project's notification links (setNotificationLink) to the portal's pages of
// a token mail, for a portal served at base (e.g. https://shop.example): by kind, the URL with
// the token's placeholder.
func MailLinks(base, project string) map[string]string {
	at := strings.TrimSuffix(base, "/") + "/portal/" + project + "/"
	return map[string]string{procura.NotifyPasswordReset: at + "reset-password?token=" + procura.TokenPlaceholder,
		procura.NotifyEmailVerification: at + "verify-email?token=" + procura.TokenPlaceholder}
}

// emailTokenMinutes is how long a sign-up's verification link lives: a day.
const emailTokenMinutes = 24 * 60

type accountData struct {
	Email, Company, Token string
	Error                 string // a message the page shows
	Done                  bool
}

// public renders a page of someone who may not be signed in.
func (p *Portal) public(w http.ResponseWriter, r *http.Request, status int, name string, d accountData, title string) {
	w.Header().Set("Cache-Control", "no-store")
	if err := p.render(w, r, nil, status, name, d, title); err != nil {
		p.fail(w, r, err)
	}
}

// formError shows a form again with the API's refusal of what was sent when the person can mend
// it (bad input, a taken email, an unknown token); anything else is the error page.
func (p *Portal) formError(w http.ResponseWriter, r *http.Request, err error, name string, d accountData, title string) {
	var pe *procura.Error
	if !errors.As(err, &pe) || httpapi.Status(pe) >= 500 || pe.Code == procura.CodeTooManyRequests {
		p.fail(w, r, err)
		return
	}
	status := httpapi.Status(pe)
	if pe.Code == procura.CodeDuplicateField {
		d.Error = langOf(r).T("signUp.taken")
	} else {
		d.Error = pe.Message
	}
	p.public(w, r, status, name, d, title)
}

func (p *Portal) signUpPage(w http.ResponseWriter, r *http.Request) {
	p.public(w, r, http.StatusOK, "sign-up", accountData{Company: r.URL.Query().Get("company")}, "signUp.title")
}

// signUp creates the account as /me/signup does (the password policy; with a company's key, a
// request to join it that its join policy decides), mails a verification link (which settles an
// EmailDomain join) and signs the new customer in.
func (p *Portal) signUp(w http.ResponseWriter, r *http.Request) {
	project := r.PathValue("project")
	c := app.Caller{ProjectKey: project}
	d := accountData{Email: r.PostFormValue("email"), Company: r.PostFormValue("company")}
	draft := procura.MyCustomerDraft{Email: d.Email, Password: r.PostFormValue("password"),
		FirstName: r.PostFormValue("firstName"), LastName: r.PostFormValue("lastName")}
	if d.Company != "" {
		draft.JoinBusinessUnit = &procura.ResourceIdentifier{TypeID: procura.TypeBusinessUnit, Key: d.Company}
	}
	res, err := p.App.SignUp(r.Context(), c, draft)
	if err != nil {
		p.formError(w, r, err, "sign-up", d, "signUp.title")
		return
	}
	if _, err := p.App.CreateEmailToken(r.Context(), c, app.EmailTokenDraft{ID: res.Customer.ID, TTLMinutes: emailTokenMinutes}); err != nil {
		p.fail(w, r, err)
		return
	}
	s, err := p.App.OpenSession(r.Context(), project, draft.Email, draft.Password, p.Proxies.ClientAddress(r), r.UserAgent())
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.setCookie(w, r, s.Token)
	http.Redirect(w, r, base(r)+"orders", http.StatusSeeOther)
}

func (p *Portal) forgotPage(w http.ResponseWriter, r *http.Request) {
	p.public(w, r, http.StatusOK, "forgot-password", accountData{}, "forgot.title")
}

// forgot asks for a password token for the email, which the project's password-reset mail
// sends; older tokens stop working. The answer is the same whether a customer has that email;
// requests are bounded per email and per address as sign-ins are (429 beyond).
func (p *Portal) forgot(w http.ResponseWriter, r *http.Request) {
	d := accountData{Email: r.PostFormValue("email")}
	err := p.App.RequestPasswordReset(r.Context(), app.Caller{ProjectKey: r.PathValue("project")}, d.Email, p.Proxies.ClientAddress(r))
	if err != nil {
		p.formError(w, r, err, "forgot-password", d, "forgot.title")
		return
	}
	d.Done = true
	p.public(w, r, http.StatusOK, "forgot-password", d, "forgot.title")
}

func (p *Portal) resetPage(w http.ResponseWriter, r *http.Request) {
	p.public(w, r, http.StatusOK, "reset-password", accountData{Token: r.URL.Query().Get("token")}, "reset.title")
}

// reset sets a new password with a password token (the API's password reset: the policy, once
// per token; every session and token of the customer ends).
func (p *Portal) reset(w http.ResponseWriter, r *http.Request) {
	d := accountData{Token: r.PostFormValue("token")}
	_, err := p.App.ResetPassword(r.Context(), app.Caller{ProjectKey: r.PathValue("project")},
		app.PasswordReset{TokenValue: d.Token, NewPassword: r.PostFormValue("password")})
	if err != nil {
		p.formError(w, r, err, "reset-password", d, "reset.title")
		return
	}
	d.Done, d.Token = true, ""
	p.public(w, r, http.StatusOK, "reset-password", d, "reset.title")
}

// verifyPage asks to confirm: opening the mail's link (which mail scanners do too) changes nothing.
func (p *Portal) verifyPage(w http.ResponseWriter, r *http.Request) {
	p.public(w, r, http.StatusOK, "verify-email", accountData{Token: r.URL.Query().Get("token")}, "verify.title")
}

// verify confirms the email of the token's customer (the API's email confirmation: once per
// token, for the address it was issued to), which settles the customer's join requests that
// awaited it.
func (p *Portal) verify(w http.ResponseWriter, r *http.Request) {
	d := accountData{Token: r.PostFormValue("token")}
	if _, err := p.App.ConfirmEmail(r.Context(), app.Caller{ProjectKey: r.PathValue("project")}, app.Acting{}, d.Token); err != nil {
		p.formError(w, r, err, "verify-email", d, "verify.title")
		return
	}
	d.Done, d.Token = true, ""
	p.public(w, r, http.StatusOK, "verify-email", d, "verify.title")
}

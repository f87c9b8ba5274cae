package web

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// Colleagues of a unit (decision 0052): who acts for it with which roles, inviting one by email,
// changing their roles, removing them, and the company's join requests. The API decides each:
// changeAssociate and removeAssociate as the person's own token may, creating a new colleague as
// POST /in-business-unit/key={unit}/me/customers, deciding a join request as the company's
// associate; all need UpdateAssociates, and a role may be given only by who holds its
// permissions. A customer who already has an account is not added by a colleague: they join by
// the company's policy, or the seller adds them.

type colleaguesData struct {
	Names    map[string]string // the associates' emails by customer id
	Unit     *procura.BusinessUnit
	Units    []procura.BusinessUnit
	Roles    []procura.AssociateRole
	Me       string
	MayEdit  bool
	Requests []procura.JoinRequest
	Done     string
}

// colleagues shows the associates of a unit of the active company (?unit=, else the active one).
func (p *Portal) colleagues(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := colleaguesData{Me: s.CustomerID, Done: notice(r, "colleagues")}
	units, err := p.companyUnits(r, s)
	if err != nil || len(units) == 0 {
		if err == nil {
			err = p.render(w, r, s, http.StatusOK, "colleagues", d, "colleagues.title")
		}
		return err
	}
	d.Units = treeOrder(units)
	key := r.URL.Query().Get("unit")
	if key == "" {
		key = s.BusinessUnit
	}
	i := slices.IndexFunc(d.Units, func(u procura.BusinessUnit) bool { return u.Key == key })
	if i < 0 {
		return notFound()
	}
	d.Unit = &d.Units[i]
	c := s.Caller()
	access, err := p.App.AssociateAccess(r.Context(), c, app.Ref{Key: key}, s.CustomerID)
	if err != nil {
		return err
	}
	d.MayEdit = slices.Contains(access.Permissions, procura.UpdateAssociates)
	if d.MayEdit {
		page, err := p.App.QueryAssociateRoles(r.Context(), c, app.Query{Limit: 100, Where: []string{"buyerAssignable = true"}, Sort: []string{"key asc"}})
		if err != nil {
			return err
		}
		if d.Roles, err = rows[procura.AssociateRole](page); err != nil {
			return err
		}
		if d.Unit.UnitType == procura.UnitTypeCompany {
			page, err := p.App.QueryJoinRequests(r.Context(), c, app.AsAssociate(c, s.CustomerID, key),
				app.Query{Limit: 100, Where: []string{`state = "Pending"`}})
			if err != nil {
				return err
			}
			if d.Requests, err = rows[procura.JoinRequest](page); err != nil {
				return err
			}
		}
	}
	if d.Names, err = p.colleagueNames(r, s, d.Unit); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "colleagues", d, "colleagues.title")
}

// colleagueNames names the associates of a unit the person acts in (read above as their own
// token reads it) by their customers' emails: what commercetools' B2B storefront shows, from its
// backend's as-associate read of the unit with expand=associates[*].customer (decision 0052).
// Nothing of the customers but their email is read.
func (p *Portal) colleagueNames(r *http.Request, s *app.Session, u *procura.BusinessUnit) (map[string]string, error) {
	var ids []string
	for _, a := range u.Associates {
		ids = append(ids, a.Customer.ID)
	}
	for _, a := range u.InheritedAssociates {
		if !slices.Contains(ids, a.Customer.ID) {
			ids = append(ids, a.Customer.ID)
		}
	}
	names := map[string]string{}
	for len(ids) > 0 {
		n := min(len(ids), 100)
		quotedIDs := make([]string, n)
		for i, id := range ids[:n] {
			quotedIDs[i] = quoted(id)
		}
		page, err := p.App.QueryCustomers(r.Context(), app.Caller{ProjectKey: s.ProjectKey},
			app.Query{Where: []string{"id in (" + strings.Join(quotedIDs, ", ") + ")"}, Limit: n})
		if err != nil {
			return nil, err
		}
		found, err := rows[struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		}](page)
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			names[c.ID] = c.Email
		}
		ids = ids[n:]
	}
	return names, nil
}

// assignments are the roles the form gives: each checked role, inherited by the divisions when
// the form says so.
func assignments(r *http.Request) []procura.AssignmentDraft {
	inheritance := procura.InheritanceDisabled
	if r.PostFormValue("inherit") == "on" {
		inheritance = procura.InheritanceEnabled
	}
	var out []procura.AssignmentDraft
	for _, key := range r.PostForm["role"] {
		out = append(out, procura.AssignmentDraft{AssociateRole: &procura.ResourceIdentifier{TypeID: procura.TypeAssociateRole, Key: key}, Inheritance: inheritance})
	}
	return out
}

func colleaguesOf(unit string) string { return "colleagues?unit=" + unit }

// invite makes a new account for the form's email, an associate of the unit with the form's
// roles, as POST /in-business-unit/key={unit}/me/customers creates one: with a password nobody
// knows, and a mail to set one (the project's password-reset mail). An email that already has an
// account is refused as that route refuses it (DuplicateField, 400): a customer's token cannot add
// another customer to a unit, and a person is not made an associate of a company without their
// consent (decision 0052); the page says how such a person joins.
func (p *Portal) invite(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	unit, email := r.PathValue("unit"), r.PostFormValue("email")
	version, err := formVersion(r, "business unit")
	if err != nil {
		return err
	}
	roles := assignments(r)
	if len(roles) == 0 {
		return procura.RequiredField("associateRoleAssignments")
	}
	c := s.Caller()
	_, err = p.App.CreateColleague(r.Context(), c, app.MeIn(c, unit), procura.MyBusinessUnitAssociateDraft{Version: &version,
		Customer: &procura.MyCustomerDraft{Email: email, Password: unknownPassword()}, AssociateRoleAssignments: roles})
	if procura.ErrorCode(err) == procura.CodeDuplicateField {
		return refused(http.StatusBadRequest, "colleagues.hasAccount")
	}
	if err != nil {
		return err
	}
	if _, err := p.App.CreatePasswordToken(r.Context(), app.Caller{ProjectKey: s.ProjectKey}, app.PasswordTokenDraft{Email: email}); err != nil {
		return err
	}
	return done(w, r, colleaguesOf(unit), "invited")
}

// unknownPassword is the password of an invited colleague's new account until they set theirs.
func unknownPassword() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// changeColleague gives a colleague the form's roles in the unit (changeAssociate).
func (p *Portal) changeColleague(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	unit := r.PathValue("unit")
	err := p.updateUnit(r, s, unit, map[string]any{"action": "changeAssociate", "associate": procura.AssociateDraft{
		Customer: &procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: r.PathValue("customer")}, AssociateRoleAssignments: assignments(r)}})
	if err != nil {
		return err
	}
	return done(w, r, colleaguesOf(unit), "changed")
}

// removeColleague removes a colleague from the unit (removeAssociate).
func (p *Portal) removeColleague(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	unit := r.PathValue("unit")
	err := p.updateUnit(r, s, unit, map[string]any{"action": "removeAssociate",
		"customer": procura.ResourceIdentifier{TypeID: procura.TypeCustomer, ID: r.PathValue("customer")}})
	if err != nil {
		return err
	}
	return done(w, r, colleaguesOf(unit), "removed")
}

// decideJoin accepts (with the form's roles, else the company's default role) or declines a
// join request of the company: the API's decision of an associate with UpdateAssociates.
func (p *Portal) decideJoin(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	unit := r.PathValue("unit")
	version, err := formVersion(r, "join request")
	if err != nil {
		return err
	}
	decision := procura.JoinDecision{Action: r.PostFormValue("decision")}
	switch decision.Action {
	case "accept":
		decision.AssociateRoleAssignments = assignments(r)
	case "decline":
		decision.Reason = r.PostFormValue("reason")
	default:
		return procura.InvalidInput("The decision must be accept or decline.")
	}
	raw, err := json.Marshal(decision)
	if err != nil {
		return err
	}
	c := s.Caller()
	_, err = p.App.DecideJoinRequest(r.Context(), c, app.AsAssociate(c, s.CustomerID, unit), app.Ref{ID: r.PathValue("id")},
		procura.Update{Version: &version, Actions: []json.RawMessage{raw}})
	if err != nil {
		return err
	}
	return done(w, r, colleaguesOf(unit), map[string]string{"accept": "accepted", "decline": "declined"}[decision.Action])
}

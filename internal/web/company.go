package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The company administration (decision 0052): the unit tree, a unit's addresses and the
// company's change history. Every change is the API's as-associate update of a business unit
// (/as-associate/{me}/business-units/key={unit}) or creation of a division (POST
// /as-associate/{me}/business-units), made with the session's caller: the permissions the
// person holds in the unit (UpdateBusinessUnitDetails, AddChildUnits, UpdateParentUnit) decide.

// companyRoutes adds the pages of the company administration and of accounts to mux.
func (p *Portal) companyRoutes(mux *http.ServeMux) {
	for path, h := range map[string]page{
		"GET company": p.company, "POST company/{unit}/addresses": p.addAddress, "POST company/{unit}/addresses/{address}/remove": p.removeAddress,
		"GET units": p.units, "POST units": p.addDivision, "POST units/{unit}/move": p.moveUnit,
		"GET colleagues": p.colleagues, "POST colleagues/{unit}/invite": p.invite, "POST colleagues/{unit}/{customer}/change": p.changeColleague,
		"POST colleagues/{unit}/{customer}/remove": p.removeColleague, "POST join-requests/{unit}/{id}": p.decideJoin,
		"GET history": p.history,
	} {
		method, rest, _ := strings.Cut(path, " ")
		mux.Handle(method+" /portal/{project}/"+rest, p.signedIn(h))
	}
	for path, h := range map[string]http.HandlerFunc{
		"GET sign-up": p.signUpPage, "POST sign-up": p.signUp, "GET forgot-password": p.forgotPage, "POST forgot-password": p.forgot,
		"GET reset-password": p.resetPage, "POST reset-password": p.reset, "GET verify-email": p.verifyPage, "POST verify-email": p.verify,
	} {
		method, rest, _ := strings.Cut(path, " ")
		mux.HandleFunc(method+" /portal/{project}/"+rest, h)
	}
}

// asMe is the Acting of the as-associate business-unit routes for the session's person.
func asMe(s *app.Session) app.Acting { return app.AsAssociate(s.Caller(), s.CustomerID, "") }

// companyUnits are the units of the active company the person acts for, the company first.
func (p *Portal) companyUnits(r *http.Request, s *app.Session) ([]procura.BusinessUnit, error) {
	if s.BusinessUnit == "" {
		return nil, nil
	}
	c := s.Caller()
	active, err := p.App.GetAssociateUnit(r.Context(), c, asMe(s), app.Ref{Key: s.BusinessUnit})
	if err != nil {
		return nil, err
	}
	page, err := p.App.QueryAssociateUnits(r.Context(), c, asMe(s), app.Query{Limit: 500,
		Where: []string{"topLevelUnit(key = " + strconv.Quote(active.TopLevelUnit.Key) + ")"}})
	if err != nil {
		return nil, err
	}
	return rows[procura.BusinessUnit](page)
}

// updateUnit applies one update action to a unit as the person, at the form's version.
func (p *Portal) updateUnit(r *http.Request, s *app.Session, unit string, action any) error {
	version, err := formVersion(r, "business unit")
	if err != nil {
		return err
	}
	return p.changeUnit(r, s.Caller(), asMe(s), unit, version, action)
}

// changeUnit applies one update action to a unit as who (the API's as-associate update).
func (p *Portal) changeUnit(r *http.Request, c app.Caller, who app.Acting, unit string, version int64, action any) error {
	raw, err := json.Marshal(action)
	if err != nil {
		return err
	}
	_, err = p.App.UpdateAssociateUnit(r.Context(), c, who, app.Ref{Key: unit}, procura.Update{Version: &version, Actions: []json.RawMessage{raw}})
	return err
}

// done sends the browser to page with a notice of what was done.
func done(w http.ResponseWriter, r *http.Request, page, what string) error {
	sep := "?"
	if strings.Contains(page, "?") {
		sep = "&"
	}
	http.Redirect(w, r, base(r)+page+sep+"done="+what, http.StatusSeeOther)
	return nil
}

// notice is the message key of the ?done= of a page of group, "" for none or an unknown one.
func notice(r *http.Request, group string) string {
	k := group + ".done." + r.URL.Query().Get("done")
	if _, ok := english[k]; ok {
		return k
	}
	return ""
}

type unitsData struct {
	Units   []procura.BusinessUnit
	Movable map[string]bool        // the units the person may move (presentation only)
	Parents []procura.BusinessUnit // the units the person may add a division to
	Done    string
}

// units shows the tree of the active company's units, with forms to add a division and to move
// one where the person's permissions allow it; the use cases decide either way.
func (p *Portal) units(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	units, err := p.companyUnits(r, s)
	if err != nil {
		return err
	}
	d := unitsData{Units: treeOrder(units), Movable: map[string]bool{}, Done: notice(r, "units")}
	for _, u := range d.Units {
		access, err := p.App.AssociateAccess(r.Context(), s.Caller(), app.Ref{Key: u.Key}, s.CustomerID)
		if err != nil {
			return err
		}
		d.Movable[u.Key] = u.ParentUnit != nil && slices.Contains(access.Permissions, procura.UpdateParentUnit)
		if slices.Contains(access.Permissions, procura.AddChildUnits) {
			d.Parents = append(d.Parents, u)
		}
	}
	return p.render(w, r, s, http.StatusOK, "units", d, "units.title")
}

// treeOrder sorts units depth first, each below its parent, siblings by name.
func treeOrder(units []procura.BusinessUnit) []procura.BusinessUnit {
	var out []procura.BusinessUnit
	var walk func(parent string)
	walk = func(parent string) {
		var children []procura.BusinessUnit
		for _, u := range units {
			if u.ParentUnit != nil && u.ParentUnit.Key == parent || u.ParentUnit == nil && parent == "" {
				children = append(children, u)
			}
		}
		slices.SortFunc(children, func(a, b procura.BusinessUnit) int { return strings.Compare(a.Name, b.Name) })
		for _, c := range children {
			out = append(out, c)
			walk(c.Key)
		}
	}
	walk("")
	for _, u := range units { // a unit whose parent the person does not act for
		if !slices.ContainsFunc(out, func(o procura.BusinessUnit) bool { return o.ID == u.ID }) {
			out = append(out, u)
			walk(u.Key)
		}
	}
	return out
}

// addDivision creates a division of the form's parent: the API's as-associate creation, which
// needs AddChildUnits in the parent.
func (p *Portal) addDivision(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := procura.BusinessUnitDraft{Key: r.PostFormValue("key"), Name: r.PostFormValue("name"), UnitType: procura.UnitTypeDivision,
		ContactEmail: r.PostFormValue("contactEmail"), ParentUnit: &procura.ResourceIdentifier{Key: r.PostFormValue("parent")}}
	if _, err := p.App.CreateAssociateUnit(r.Context(), s.Caller(), asMe(s), d); err != nil {
		return err
	}
	return done(w, r, "units", "added")
}

// moveUnit places a division under another unit of the company (changeParentUnit).
func (p *Portal) moveUnit(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	err := p.updateUnit(r, s, r.PathValue("unit"), map[string]any{"action": "changeParentUnit",
		"parentUnit": procura.ResourceIdentifier{TypeID: procura.TypeBusinessUnit, Key: r.PostFormValue("parent")}})
	if err != nil {
		return err
	}
	return done(w, r, "units", "moved")
}

type companyPage struct {
	Unit    *procura.BusinessUnit
	MayEdit bool // presentation only: the use case decides
	Done    string
}

// company shows the active unit: its name, contact and addresses, with forms to change them.
func (p *Portal) company(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	var d companyPage
	d.Done = notice(r, "company")
	if s.BusinessUnit != "" {
		u, err := p.App.GetAssociateUnit(r.Context(), s.Caller(), asMe(s), app.Ref{Key: s.BusinessUnit})
		if err != nil {
			return err
		}
		d.Unit = u
		access, err := p.App.AssociateAccess(r.Context(), s.Caller(), app.Ref{Key: s.BusinessUnit}, s.CustomerID)
		if err != nil {
			return err
		}
		d.MayEdit = slices.Contains(access.Permissions, procura.UpdateBusinessUnitDetails)
	}
	return p.render(w, r, s, http.StatusOK, "company", d, "company.title")
}

// addressFields are the address fields the form asks for.
var addressFields = []string{"company", "streetName", "streetNumber", "postalCode", "city", "country"}

// addAddress adds the form's address to the unit (addAddress: UpdateBusinessUnitDetails).
func (p *Portal) addAddress(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	a := map[string]string{}
	for _, f := range addressFields {
		if v := strings.TrimSpace(r.PostFormValue(f)); v != "" {
			a[f] = v
		}
	}
	if a["country"] != "" {
		a["country"] = strings.ToUpper(a["country"])
	}
	if err := p.updateUnit(r, s, r.PathValue("unit"), map[string]any{"action": "addAddress", "address": a}); err != nil {
		return err
	}
	return done(w, r, "company", "addressAdded")
}

// removeAddress removes an address of the unit (removeAddress).
func (p *Portal) removeAddress(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	if err := p.updateUnit(r, s, r.PathValue("unit"), map[string]any{"action": "removeAddress", "addressId": r.PathValue("address")}); err != nil {
		return err
	}
	return done(w, r, "company", "addressRemoved")
}

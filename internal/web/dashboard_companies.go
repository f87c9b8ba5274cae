package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// maxUnitPages bounds how many pages of business units the company tree reads.
const maxUnitPages = 20

// allUnits reads the project's business units by key, as the API's query of business units
// answers the caller: page after page.
func (d *Dashboard) allUnits(ctx context.Context, c app.Caller, where ...string) ([]procura.BusinessUnit, error) {
	if err := httpapi.Permit(c, "GET /{project}/business-units"); err != nil {
		return nil, err
	}
	var out []procura.BusinessUnit
	for i := range maxUnitPages {
		page, err := d.App.QueryBusinessUnits(ctx, c, app.Query{Where: where, Sort: []string{"key asc"}, Limit: app.MaxLimit, Offset: i * app.MaxLimit})
		if err != nil {
			return nil, err
		}
		units, err := rows[procura.BusinessUnit](page)
		if err != nil {
			return nil, err
		}
		out = append(out, units...)
		if len(units) < app.MaxLimit {
			break
		}
	}
	return out, nil
}

// unitNode is a unit in its company's tree.
type unitNode struct {
	Unit     procura.BusinessUnit
	Href     string
	Match    bool
	Children []*unitNode
}

type companiesData struct {
	Query     string
	Companies []*unitNode
}

// companies shows the tree of each company; with a search, the companies of which a unit's name
// or key holds it, those units marked.
func (d *Dashboard) companies(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	units, err := d.allUnits(r.Context(), c)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	nodes := map[string]*unitNode{}
	for _, u := range units {
		nodes[u.Key] = &unitNode{Unit: u, Href: projectBase(r) + "companies/" + u.Key,
			Match: q != "" && (containsFold(u.Name, q) || containsFold(u.Key, q))}
	}
	data := companiesData{Query: q}
	matched := map[string]bool{}
	for _, u := range units {
		n := nodes[u.Key]
		if n.Match {
			matched[u.TopLevelUnit.Key] = true
		}
		if p := u.ParentUnit; p != nil && nodes[p.Key] != nil {
			nodes[p.Key].Children = append(nodes[p.Key].Children, n)
		} else if u.ParentUnit == nil {
			data.Companies = append(data.Companies, n)
		}
	}
	if q != "" {
		data.Companies = slices.DeleteFunc(data.Companies, func(n *unitNode) bool { return !matched[n.Unit.Key] })
	}
	return d.render(w, r, s, http.StatusOK, "companies", data, "dashboard.companies")
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// associateView is an associate of a unit: their roles here and where each comes from, and each
// of their permissions with the roles that grant it.
type associateView struct {
	Customer    string // their email
	Roles       []grant
	Permissions []permissionView
}

// grant is a role of an associate in a unit: assigned there (From "") or inherited from From.
type grant struct {
	Role, From string
}

// Say is the grant in words: the role, assigned here or inherited from which unit.
func (g grant) Say(l lang) string {
	if g.From != "" {
		return l.T("dashboard.inherited", g.Role, g.From)
	}
	return l.T("dashboard.explicit", g.Role)
}

type permissionView struct {
	Name    procura.Permission
	Emporix string // its name in Emporix's words, "" when it has none
	From    []grant
}

type companyData struct {
	Unit       *procura.BusinessUnit
	Divisions  []procura.BusinessUnit
	Associates []associateView
	Rules      []procura.ApprovalRule // the unit's own approval rules
}

// company shows a unit: its details, divisions, addresses, and its associates with the roles
// and permissions each holds there, and where they come from.
func (d *Dashboard) company(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/business-units/{ref}"); err != nil {
		return err
	}
	u, err := d.App.GetBusinessUnit(ctx, c, app.Ref{Key: r.PathValue("key")})
	if err != nil {
		return err
	}
	data := companyData{Unit: u}
	if data.Divisions, err = d.allUnits(ctx, c, "parentUnit(key = "+strconv.Quote(u.Key)+")"); err != nil {
		return err
	}
	if err := httpapi.Permit(c, "GET /{project}/approval-rules"); err != nil {
		return err
	}
	rules, err := d.App.QueryApprovalRules(ctx, c, app.Acting{}, app.Query{Where: []string{"businessUnit(key = " + strconv.Quote(u.Key) + ")"},
		Sort: []string{"createdAt asc"}, Limit: app.MaxLimit})
	if err != nil {
		return err
	}
	if data.Rules, err = rows[procura.ApprovalRule](rules); err != nil {
		return err
	}
	roles, err := d.roles(ctx, c)
	if err != nil {
		return err
	}
	grants := map[string][]grant{}
	var ids []string
	for _, a := range u.Associates {
		ids = append(ids, a.Customer.ID)
		for _, ra := range a.AssociateRoleAssignments {
			grants[a.Customer.ID] = append(grants[a.Customer.ID], grant{Role: ra.AssociateRole.Key})
		}
	}
	for _, a := range u.InheritedAssociates {
		if !slices.Contains(ids, a.Customer.ID) {
			ids = append(ids, a.Customer.ID)
		}
		for _, ra := range a.AssociateRoleAssignments {
			grants[a.Customer.ID] = append(grants[a.Customer.ID], grant{Role: ra.AssociateRole.Key, From: ra.Source.Key})
		}
	}
	emails, err := d.emails(ctx, c, ids)
	if err != nil {
		return err
	}
	if err := httpapi.Permit(c, "GET /{project}/business-units/{ref}/associates/{customer}"); err != nil {
		return err
	}
	for _, id := range ids {
		access, err := d.App.AssociateAccess(ctx, c, app.Ref{Key: u.Key}, id)
		if err != nil {
			return err
		}
		v := associateView{Customer: emails[id], Roles: grants[id]}
		for _, p := range access.Permissions {
			pv := permissionView{Name: p, Emporix: emporix(langOf(r), p)}
			for _, g := range grants[id] {
				if slices.Contains(roles[g.Role].Permissions, p) {
					pv.From = append(pv.From, g)
				}
			}
			v.Permissions = append(v.Permissions, pv)
		}
		data.Associates = append(data.Associates, v)
	}
	return d.render(w, r, s, http.StatusOK, "company", data, "dashboard.company", u.Name)
}

// roles reads the project's associate roles by key.
func (d *Dashboard) roles(ctx context.Context, c app.Caller) (map[string]*procura.AssociateRole, error) {
	if err := httpapi.Permit(c, "GET /{project}/associate-roles"); err != nil {
		return nil, err
	}
	page, err := d.App.QueryAssociateRoles(ctx, c, app.Query{Sort: []string{"key asc"}, Limit: app.MaxLimit})
	if err != nil {
		return nil, err
	}
	list, err := rows[procura.AssociateRole](page)
	out := map[string]*procura.AssociateRole{}
	for i := range list {
		out[list[i].Key] = &list[i]
	}
	return out, err
}

// emails reads the emails of the customers of ids.
func (d *Dashboard) emails(ctx context.Context, c app.Caller, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	if err := httpapi.Permit(c, "GET /{project}/customers"); err != nil {
		return nil, err
	}
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = strconv.Quote(id)
	}
	page, err := d.App.QueryCustomers(ctx, c, app.Query{Where: []string{"id in (" + strings.Join(quoted, ", ") + ")"}, Limit: app.MaxLimit})
	if err != nil {
		return nil, err
	}
	list, err := rows[procura.Customer](page)
	for _, cu := range list {
		out[cu.ID] = cu.Email
	}
	return out, err
}

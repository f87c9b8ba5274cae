package app

import (
	"slices"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Company customer groups (an extension from the seeds): with the project's setting
// businessUnits.companyCustomerGroups, each Company has a customer group, and every customer who
// is an associate anywhere in the company is in it, and no one else. The group is kept in the
// transaction of every change of a unit (created, changed, moved, deleted) and when the setting
// is turned on; turning it off leaves the groups and their members as they are.

// companyGroupKey is the key of a company's group.
func companyGroupKey(company *procura.BusinessUnit) string {
	if key := "company-" + company.Key; len(key) <= 256 {
		return key
	}
	return "company-" + company.ID
}

// syncCompanyGroups brings the groups of the named companies up to date, if the project has
// company groups, counting the associates of every unit but the one being deleted (without).
func (a *App) syncCompanyGroups(l *lookup, without string, companies ...string) error {
	p, err := l.project()
	if err != nil || !p.BusinessUnits.CompanyCustomerGroups {
		return err
	}
	var done []string
	for _, key := range companies {
		if key == "" || slices.Contains(done, key) {
			continue
		}
		done = append(done, key)
		if err := a.syncCompanyGroup(l, key, without); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) syncCompanyGroup(l *lookup, companyKey, without string) error {
	units, err := companyUnits(l, companyKey)
	if err != nil {
		return err
	}
	group, err := a.companyGroup(l, units[0])
	if err != nil {
		return err
	}
	var want []string
	for _, u := range units {
		if u.ID == without {
			continue
		}
		for _, as := range u.Associates {
			if !slices.Contains(want, as.Customer.ID) {
				want = append(want, as.Customer.ID)
			}
		}
	}
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCustomerGroup, ID: group.ID}, DefaultQueryBudget)
	if err != nil {
		return err
	}
	var have []string
	for _, r := range refs {
		if r.Type == procura.TypeCustomer {
			have = append(have, r.ID)
		}
	}
	for _, id := range want {
		if !slices.Contains(have, id) {
			if err := a.setGroupMembership(l, id, group.ID, true); err != nil {
				return err
			}
		}
	}
	for _, id := range have {
		if !slices.Contains(want, id) {
			if err := a.setGroupMembership(l, id, group.ID, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// companyGroup returns the company's group, made when missing.
func (a *App) companyGroup(l *lookup, company *procura.BusinessUnit) (*procura.CustomerGroup, error) {
	key := companyGroupKey(company)
	g, _, err := customerGroupKind.load(l, Ref{Key: key})
	if procura.ErrorCode(err) != procura.CodeResourceNotFound {
		return g, err
	}
	g, err = procura.NewCustomerGroup(procura.CustomerGroupDraft{Key: key, GroupName: company.Name}, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	return g, customerGroupKind.insert(l.docs, g)
}

// companyUnits returns the company and its divisions as stored now (not as this transaction's
// lookup may have cached them before a change): the company first.
func companyUnits(l *lookup, companyKey string) ([]*procura.BusinessUnit, error) {
	top, err := l.docs.GetByKey(procura.TypeBusinessUnit, companyKey)
	if err != nil {
		return nil, err
	}
	below, err := l.docs.Descendants(procura.TypeBusinessUnit, companyKey)
	if err != nil {
		return nil, err
	}
	var units []*procura.BusinessUnit
	for _, doc := range append([]*store.Doc{top}, below...) {
		u, err := l.decodeUnit(doc)
		if err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	return units, nil
}

// setGroupMembership puts the customer in the group, or takes them out.
func (a *App) setGroupMembership(l *lookup, customerID, groupID string, in bool) error {
	sc, doc, err := customerKind.load(l, Ref{ID: customerID})
	if err != nil {
		return err
	}
	i := slices.IndexFunc(sc.CustomerGroupAssignments, func(g procura.CustomerGroupAssignment) bool { return g.CustomerGroup.ID == groupID })
	switch {
	case in && i < 0:
		sc.CustomerGroupAssignments = append(sc.CustomerGroupAssignments, procura.CustomerGroupAssignment{
			CustomerGroup: procura.Reference{TypeID: procura.TypeCustomerGroup, ID: groupID}})
	case !in && i >= 0:
		sc.CustomerGroupAssignments = slices.Delete(sc.CustomerGroupAssignments, i, i+1)
	default:
		return nil
	}
	sc.Touch(a.Now())
	return customerKind.save(l.docs, sc, doc.Version)
}

// emptyCompanyGroup takes every member out of a deleted company's group.
func (a *App) emptyCompanyGroup(l *lookup, company *procura.BusinessUnit) error {
	p, err := l.project()
	if err != nil || !p.BusinessUnits.CompanyCustomerGroups {
		return err
	}
	g, _, err := customerGroupKind.load(l, Ref{Key: companyGroupKey(company)})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCustomerGroup, ID: g.ID}, DefaultQueryBudget)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if r.Type == procura.TypeCustomer {
			if err := a.setGroupMembership(l, r.ID, g.ID, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// syncAllCompanyGroups brings every company's group up to date (the setting turned on), reading
// the project's units a page at a time.
func (a *App) syncAllCompanyGroups(l *lookup) error {
	const page = 1000
	var companies []string
	for offset := 0; ; offset += page {
		docs, _, err := l.docs.Find(store.Filter{Type: procura.TypeBusinessUnit, Limit: page, Offset: offset,
			Sort: []store.SortBy{{Column: store.ColumnInserted}}})
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Parent == "" {
				companies = append(companies, d.Key)
			}
		}
		if len(docs) < page {
			return a.syncCompanyGroups(l, "", companies...)
		}
	}
}

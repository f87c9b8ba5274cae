package app

import (
	"context"
	"slices"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Which company a customer acts for, for storefronts with a company switcher (an extension):
// /me says which company a bound token acts for, and lists the customer's companies, the bound
// one marked, without acting in the others (switching is a refresh of the token, bound anew).

// Account is the customer of the token, with the company a bound token acts for.
type Account struct {
	*procura.Customer
	ActiveBusinessUnit *procura.KeyReference `json:"activeBusinessUnit,omitempty"`
}

// Company is one of a customer's companies, as a switcher lists it.
type Company struct {
	procura.KeyReference
	ID     string `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
}

// GetMe returns the customer of the token and, for a token bound to a unit, that unit.
func (a *App) GetMe(ctx context.Context, c Caller) (*Account, error) {
	cu, err := a.GetCustomer(ctx, c, me(c))
	if err != nil {
		return nil, err
	}
	out := &Account{Customer: cu}
	if c.BusinessUnit != "" {
		out.ActiveBusinessUnit = &procura.KeyReference{TypeID: procura.TypeBusinessUnit, Key: c.BusinessUnit}
	}
	return out, nil
}

// MyCompanies lists the companies the customer of the token is an associate in (in any of their
// units), by key; the company a bound token acts in is active. Nothing more of a company is shown.
func (a *App) MyCompanies(ctx context.Context, c Caller) ([]Company, error) {
	out := []Company{}
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		active := ""
		if c.BusinessUnit != "" {
			u, err := l.unitRef(Ref{Key: c.BusinessUnit}) // with its derived company
			if err != nil {
				return err
			}
			active = u.TopLevelUnit.Key
		}
		units, err := customerUnits(l, c.CustomerID)
		if err != nil {
			return err
		}
		var seen []string
		for _, u := range units {
			top := u
			if u.TopLevelUnit.Key != u.Key {
				if top, err = l.unitRef(Ref{Key: u.TopLevelUnit.Key}); err != nil {
					return err
				}
			}
			if slices.Contains(seen, top.Key) {
				continue
			}
			seen = append(seen, top.Key)
			out = append(out, Company{KeyReference: procura.KeyReference{TypeID: procura.TypeBusinessUnit, Key: top.Key},
				ID: top.ID, Name: top.Name, Active: top.Key == active})
		}
		return nil
	})
	slices.SortFunc(out, func(x, y Company) int { return strings.Compare(x.Key, y.Key) })
	return out, err
}

// customerUnits loads the units the customer is an explicit associate of.
func customerUnits(l *lookup, customerID string) ([]*procura.BusinessUnit, error) {
	refs, err := l.docs.ReferencedBy(store.Ref{Type: procura.TypeCustomer, ID: customerID}, DefaultQueryBudget)
	if err != nil {
		return nil, err
	}
	var out []*procura.BusinessUnit
	for _, r := range refs {
		if r.Type != procura.TypeBusinessUnit {
			continue
		}
		u, err := l.unitRef(Ref{ID: r.ID})
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

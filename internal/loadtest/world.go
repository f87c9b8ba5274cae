// Package loadtest fills a database with a realistic B2B data set (roles, companies with
// divisions, associates, and many orders) and measures the use cases that must stay fast on it:
// the first page of an associate's company orders, and creating orders from carts.
package loadtest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The associate roles the generator creates.
const (
	RoleBuyer   = "buyer"   // their own carts and orders (ViewMyOrders)
	RoleManager = "manager" // everyone's orders in the company, inherited down (ViewOthersOrders)
)

// Password is every generated customer's password.
const Password = "correct horse"

// World is what a generated project holds, as the benchmarks need it.
type World struct {
	Project   string
	Companies []*Company
}

// Company is a top-level unit with its divisions and the associates of each.
type Company struct {
	Key        string
	Divisions  []string
	Associates []Associate
}

// Associate is a customer with a role in one unit (explicitly, not inherited).
type Associate struct {
	CustomerID string
	Email      string
	Unit       string
	Role       string
}

// Units returns the company's unit keys: itself first, then its divisions.
func (c *Company) Units() []string { return append([]string{c.Key}, c.Divisions...) }

// In returns the associates holding a role explicitly in unit.
func (c *Company) In(unit string) []Associate {
	var out []Associate
	for _, a := range c.Associates {
		if a.Unit == unit {
			out = append(out, a)
		}
	}
	return out
}

// WithRole returns the associates of every company that hold role.
func (w *World) WithRole(role string) []Associate {
	var out []Associate
	for _, c := range w.Companies {
		for _, a := range c.Associates {
			if a.Role == role {
				out = append(out, a)
			}
		}
	}
	return out
}

// LoadWorld reads the companies, divisions and associates of a project back from the store,
// so that benchmarks can run against a database the generator filled earlier.
func LoadWorld(ctx context.Context, s store.Store, project string) (*World, error) {
	w := &World{Project: project}
	err := s.Read(ctx, func(tx store.Tx) error {
		p, err := tx.ProjectByKey(project)
		if err != nil {
			return fmt.Errorf("project %q: %w", project, err)
		}
		docs, err := tx.Docs(p.ID).List(procura.TypeBusinessUnit)
		if err != nil {
			return err
		}
		units := map[string]*procura.BusinessUnit{}
		var order []*procura.BusinessUnit
		for _, d := range docs {
			u := &procura.BusinessUnit{}
			if err := json.Unmarshal(d.Data, u); err != nil {
				return err
			}
			units[u.Key] = u
			order = append(order, u)
		}
		companies := map[string]*Company{}
		for _, u := range order {
			top := u
			for top.ParentUnit != nil && units[top.ParentUnit.Key] != nil {
				top = units[top.ParentUnit.Key]
			}
			c := companies[top.Key]
			if c == nil {
				c = &Company{Key: top.Key}
				companies[top.Key] = c
				w.Companies = append(w.Companies, c)
			}
			if u != top {
				c.Divisions = append(c.Divisions, u.Key)
			}
			for _, as := range u.Associates {
				for _, ra := range as.AssociateRoleAssignments {
					c.Associates = append(c.Associates, Associate{CustomerID: as.Customer.ID, Unit: u.Key, Role: ra.AssociateRole.Key})
				}
			}
		}
		return nil
	})
	return w, err
}

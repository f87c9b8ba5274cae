package main

// -save and -load: the seeded data set as a JSON file, so that a later run
// can measure a server on the same database without seeding it again (the
// get workload against the bare point-read handler reads the carts a
// Procura server seeded).

import (
	"encoding/json"
	"fmt"
	"os"
)

type productFile struct {
	SKU   string `json:"sku"`
	Cents int    `json:"cents"`
}

type companyFile struct {
	Key       string   `json:"key"`
	Divisions []string `json:"divisions"`
	Customers []string `json:"customers"`
	Carts     []string `json:"carts"`
}

type datasetFile struct {
	Project   string        `json:"project"`
	Prefix    string        `json:"prefix"`
	Buyer     string        `json:"buyer"`
	Approver  string        `json:"approver"`
	Products  []productFile `json:"products"`
	Companies []companyFile `json:"companies"`
}

func saveDataset(path, project string, d *dataset) error {
	f := datasetFile{Project: project, Prefix: d.prefix, Buyer: d.buyer, Approver: d.approver}
	for _, p := range d.products {
		f.Products = append(f.Products, productFile{SKU: p.sku, Cents: p.cents})
	}
	for _, co := range d.companies {
		f.Companies = append(f.Companies, companyFile{Key: co.key, Divisions: co.divisions, Customers: co.customers, Carts: co.carts})
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// loadDataset reads a file saveDataset wrote for project (any project when
// project is "").
func loadDataset(path, project string) (*dataset, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f datasetFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if project != "" && f.Project != project {
		return nil, fmt.Errorf("%s: seeded in project %q, not %q", path, f.Project, project)
	}
	d := &dataset{prefix: f.Prefix, buyer: f.Buyer, approver: f.Approver}
	for _, p := range f.Products {
		d.products = append(d.products, product{sku: p.SKU, cents: p.Cents})
	}
	for _, c := range f.Companies {
		if len(c.Customers) == 0 || len(c.Carts) != len(c.Customers) {
			return nil, fmt.Errorf("%s: company %s: want one cart per customer, got %d customers, %d carts", path, c.Key, len(c.Customers), len(c.Carts))
		}
		co := company{key: c.Key, divisions: c.Divisions, customers: c.Customers, carts: c.Carts}
		d.companies = append(d.companies, co)
		d.units = append(d.units, co.key)
		d.units = append(d.units, co.divisions...)
		d.carts = append(d.carts, co.carts...)
	}
	if len(d.companies) == 0 || len(d.products) < 3 {
		return nil, fmt.Errorf("%s: no data set (%d companies, %d products)", path, len(d.companies), len(d.products))
	}
	return d, nil
}

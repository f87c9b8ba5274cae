package loadtest

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/store"
)

// Config says what Generate creates.
type Config struct {
	Project   string
	Companies int
	Divisions int // per company
	Orders    int // orders inserted in bulk (one more is placed through the app as their template)
	Seed      uint64
	Batch     int       // orders per transaction (default 2000)
	Workers   int       // transactions inserting at once (default 1)
	Log       io.Writer // progress (nil: silent)
	// Each, when set, sees every bulk order as it is generated (tests compare with it).
	Each func(o *procura.Order, company string)
}

// Result is what Generate made.
type Result struct {
	World    *World
	Template *procura.Order // placed through app.CreateOrder; the bulk orders copy its shape
	Orders   int
	Setup    time.Duration // roles, products, customers and units through the app
	Load     time.Duration // the bulk orders
}

// End is the generator's clock: the bulk orders were created in the year before it, and the
// resources made through the app are stamped with it, so that a seed gives the same data.
var End = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Generate creates cfg.Project and fills it: the roles, a few products, the companies with their
// divisions and associates (all through the app's use cases), one order placed from a cart
// through the app, then cfg.Orders orders inserted directly through the store in transactions
// of cfg.Batch, spread over the companies, their units and associates and over a year.
func Generate(ctx context.Context, s store.Store, cfg Config) (*Result, error) {
	if cfg.Batch <= 0 {
		cfg.Batch = 2000
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	if cfg.Companies <= 0 {
		return nil, fmt.Errorf("loadtest: at least one company is needed")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	start := time.Now()
	a := app.New(s)
	a.Passwords = app.Argon2id{Cheap: true}
	ids := rand.New(rand.NewPCG(cfg.Seed, 1))
	a.NewID = func() string { return newUUID(ids) }
	a.Now = func() time.Time { return End }
	p, err := a.CreateProject(ctx, cfg.Project, "")
	if err != nil {
		return nil, fmt.Errorf("create project %q: %w", cfg.Project, err)
	}
	w, err := setup(ctx, a, cfg)
	if err != nil {
		return nil, err
	}
	tpl, err := template(ctx, a, w)
	if err != nil {
		return nil, fmt.Errorf("template order: %w", err)
	}
	res := &Result{World: w, Template: tpl, Setup: time.Since(start)}
	fmt.Fprintf(cfg.Log, "setup: %d companies, %d divisions each, %d associates in %s\n",
		cfg.Companies, cfg.Divisions, len(w.WithRole(RoleBuyer))+len(w.WithRole(RoleManager)), res.Setup.Round(time.Millisecond))
	start = time.Now()
	res.Orders, err = load(ctx, s, p.ID, newOrders(w, tpl, cfg), cfg)
	res.Load = time.Since(start)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(cfg.Log, "orders: %d in %s (%.0f/s)\n", res.Orders, res.Load.Round(time.Millisecond), float64(res.Orders)/res.Load.Seconds())
	return res, nil
}

// rolePermissions are the permissions of the generated roles.
var rolePermissions = map[string][]procura.Permission{
	RoleBuyer: {procura.ViewMyCarts, procura.CreateMyCarts, procura.UpdateMyCarts, procura.DeleteMyCarts,
		procura.ViewMyOrders, procura.UpdateMyOrders, procura.CreateMyOrdersFromMyCarts},
	RoleManager: {procura.ViewMyCarts, procura.CreateMyCarts, procura.UpdateMyCarts, procura.DeleteMyCarts,
		procura.ViewMyOrders, procura.UpdateMyOrders, procura.CreateMyOrdersFromMyCarts,
		procura.ViewOthersCarts, procura.CreateOthersCarts, procura.UpdateOthersCarts,
		procura.ViewOthersOrders, procura.UpdateOthersOrders, procura.CreateOrdersFromOthersCarts},
}

// SKUs are the generated products' SKUs.
var SKUs = []string{"bolt-m6", "nut-m6", "washer-m6"}

// setup creates, through the app, the roles, the products, and every company: a manager (who
// holds the manager role with inheritance) and a buyer in the company, two buyers in each
// division; divisions take their parent's associates (ExplicitAndFromParent).
func setup(ctx context.Context, a *app.App, cfg Config) (*World, error) {
	seller := app.Caller{ProjectKey: cfg.Project}
	no := false
	for _, key := range []string{RoleBuyer, RoleManager} {
		var names []string
		for _, p := range rolePermissions[key] {
			names = append(names, string(p))
		}
		if _, err := a.CreateAssociateRole(ctx, seller, procura.AssociateRoleDraft{Key: key, Name: key, Permissions: names, BuyerAssignable: &no}); err != nil {
			return nil, fmt.Errorf("role %s: %w", key, err)
		}
	}
	if _, err := a.CreateProductType(ctx, seller, procura.ProductTypeDraft{Key: "hardware", Name: "Hardware"}); err != nil {
		return nil, fmt.Errorf("product type: %w", err)
	}
	for i, sku := range SKUs {
		cents := int64(15 + 10*i)
		_, err := a.CreateProduct(ctx, seller, procura.ProductDraft{Key: sku, ProductType: &procura.ResourceIdentifier{Key: "hardware"},
			Name: procura.LocalizedString{"en": sku}, Slug: procura.LocalizedString{"en": sku}, Publish: true,
			MasterVariant: &procura.VariantDraft{SKU: sku, Prices: []procura.PriceDraft{{Value: procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: &cents}}}}})
		if err != nil {
			return nil, fmt.Errorf("product %s: %w", sku, err)
		}
	}
	w := &World{Project: cfg.Project}
	started := time.Now()
	for i := range cfg.Companies {
		c := &Company{Key: fmt.Sprintf("c%04d", i+1)}
		if err := createUnit(ctx, a, seller, c, c.Key, "", map[string]string{"manager": RoleManager, "buyer": RoleBuyer}); err != nil {
			return nil, err
		}
		for j := range cfg.Divisions {
			key := fmt.Sprintf("%s-d%d", c.Key, j+1)
			c.Divisions = append(c.Divisions, key)
			if err := createUnit(ctx, a, seller, c, key, c.Key, map[string]string{"buyer1": RoleBuyer, "buyer2": RoleBuyer}); err != nil {
				return nil, err
			}
		}
		w.Companies = append(w.Companies, c)
		if (i+1)%100 == 0 || i+1 == cfg.Companies {
			fmt.Fprintf(cfg.Log, "companies: %d/%d (%s)\n", i+1, cfg.Companies, time.Since(started).Round(time.Millisecond))
		}
	}
	return w, nil
}

// createUnit creates the customers named by people (name -> role) and the unit with them as
// associates; a manager's role is inherited by the divisions.
func createUnit(ctx context.Context, a *app.App, seller app.Caller, c *Company, key, parent string, people map[string]string) error {
	d := procura.BusinessUnitDraft{Key: key, Name: key, UnitType: procura.UnitTypeCompany, ContactEmail: "orders@" + key + ".example"}
	if parent != "" {
		d.UnitType, d.ParentUnit, d.AssociateMode = procura.UnitTypeDivision, &procura.ResourceIdentifier{Key: parent}, procura.ModeExplicitAndFromParent
	}
	for _, name := range []string{"manager", "buyer", "buyer1", "buyer2"} {
		role, ok := people[name]
		if !ok {
			continue
		}
		email := fmt.Sprintf("%s-%s@load.example", key, name)
		r, err := a.CreateCustomer(ctx, seller, procura.CustomerDraft{Email: email, Password: Password, FirstName: name, CompanyName: c.Key})
		if err != nil {
			return fmt.Errorf("customer %s: %w", email, err)
		}
		inheritance := "Disabled"
		if role == RoleManager {
			inheritance = "Enabled"
		}
		d.Associates = append(d.Associates, procura.AssociateDraft{Customer: &procura.ResourceIdentifier{ID: r.Customer.ID},
			AssociateRoleAssignments: []procura.AssignmentDraft{{AssociateRole: &procura.ResourceIdentifier{Key: role}, Inheritance: inheritance}}})
		c.Associates = append(c.Associates, Associate{CustomerID: r.Customer.ID, Email: email, Unit: key, Role: role})
	}
	if _, err := a.CreateBusinessUnit(ctx, seller, d); err != nil {
		return fmt.Errorf("unit %s: %w", key, err)
	}
	return nil
}

// template places one order through the app, as the first company's buyer: a cart with one line
// of each product, ordered. The bulk orders copy its shape.
func template(ctx context.Context, a *app.App, w *World) (*procura.Order, error) {
	c := w.Companies[0]
	buyer := c.In(c.Key)[len(c.In(c.Key))-1]
	who := app.Acting{Kind: procura.AsBackend, CustomerID: buyer.CustomerID, UnitKey: c.Key}
	cart, err := a.CreateCart(ctx, app.Caller{ProjectKey: w.Project}, who, CartDraft(1))
	if err != nil {
		return nil, err
	}
	return a.CreateOrder(ctx, app.Caller{ProjectKey: w.Project}, who, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version})
}

// CartDraft is a cart with one line of each product, quantity q.
func CartDraft(q int64) procura.CartDraft {
	d := procura.CartDraft{Currency: "EUR"}
	for _, sku := range SKUs {
		d.LineItems = append(d.LineItems, procura.LineItemDraft{SKU: sku, Quantity: &q})
	}
	return d
}

// load inserts the orders next yields, in transactions of cfg.Batch, cfg.Workers at a time.
func load(ctx context.Context, s store.Store, projectID string, next func() (*store.Doc, error), cfg Config) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*store.Doc, 2*cfg.Workers)
	var done atomic.Int64
	var once sync.Once
	var firstErr error
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel() })
	}
	var wg sync.WaitGroup
	for range cfg.Workers {
		wg.Go(func() {
			for batch := range batches {
				err := s.Write(ctx, func(tx store.Tx) error {
					d := tx.Docs(projectID)
					for _, doc := range batch {
						if err := d.Insert(doc); err != nil {
							return fmt.Errorf("order %s: %w", doc.ID, err)
						}
					}
					return nil
				})
				if err != nil {
					fail(err)
					return
				}
				done.Add(int64(len(batch)))
			}
		})
	}
	stop := make(chan struct{})
	go progress(cfg.Log, &done, cfg.Orders, stop)
	func() {
		defer close(batches)
		batch := make([]*store.Doc, 0, cfg.Batch)
		for range cfg.Orders {
			doc, err := next()
			if err != nil {
				fail(err)
				return
			}
			batch = append(batch, doc)
			if len(batch) == cfg.Batch {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return
				}
				batch = make([]*store.Doc, 0, cfg.Batch)
			}
		}
		if len(batch) > 0 {
			select {
			case batches <- batch:
			case <-ctx.Done():
			}
		}
	}()
	wg.Wait()
	close(stop)
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	return int(done.Load()), firstErr
}

// progress prints how many orders are in every five seconds until stop closes.
func progress(log io.Writer, done *atomic.Int64, total int, stop chan struct{}) {
	start := time.Now()
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			n := done.Load()
			el := time.Since(start)
			fmt.Fprintf(log, "orders: %d/%d (%s, %.0f/s)\n", n, total, el.Round(time.Second), float64(n)/el.Seconds())
		}
	}
}

package procura

import (
	"math"
	"strconv"
	"time"
)

// LineItem is a product variant in a cart or an order, with the price chosen for it.
type LineItem struct {
	ID                         string          `json:"id"`
	Key                        string          `json:"key,omitempty"`
	ProductID                  string          `json:"productId"`
	ProductKey                 string          `json:"productKey,omitempty"`
	Name                       LocalizedString `json:"name"`
	ProductType                Reference       `json:"productType"`
	Variant                    Variant         `json:"variant"`
	Price                      Price           `json:"price"`
	Quantity                   int64           `json:"quantity"`
	TotalPrice                 Money           `json:"totalPrice"`
	DiscountedPricePerQuantity []QuantityPrice `json:"discountedPricePerQuantity"`
	TaxedPricePortions         []any           `json:"taxedPricePortions"`
	State                      []any           `json:"state"`
	PerMethodTaxRate           []any           `json:"perMethodTaxRate"`
	PriceMode                  string          `json:"priceMode"`
	LineItemMode               string          `json:"lineItemMode"`
	AddedAt                    string          `json:"addedAt,omitempty"`
	LastModifiedAt             string          `json:"lastModifiedAt,omitempty"`
	Custom                     *CustomFields   `json:"custom,omitempty"`
	// item shipping (cart_item_shipping.go) and the stored inventory mode (decision 0027)
	ShippingDetails *ItemShippingDetails `json:"shippingDetails,omitempty"`
	InventoryMode   string               `json:"inventoryMode,omitempty"`
	TaxRate         *TaxRate             `json:"taxRate,omitempty"`
	TaxedPrice      *TaxedPrice          `json:"taxedPrice,omitempty"`
	RecurrenceInfo  *RecurrenceInfo      `json:"recurrenceInfo,omitempty"` // cart_recurrence.go
}

// LineItemDraft adds a line item: by sku, or by productId and variantId (default the master).
type LineItemDraft struct {
	Key       string             `json:"key,omitempty"`
	ProductID string             `json:"productId,omitempty"`
	VariantID int                `json:"variantId,omitempty"`
	SKU       string             `json:"sku,omitempty"`
	Quantity  *int64             `json:"quantity,omitempty"`
	Custom    *CustomFieldsDraft `json:"custom,omitempty"`
	// the fields of cart_draft.go
	AddedAt             string                      `json:"addedAt,omitempty"`
	ExternalPrice       *MoneyDraft                 `json:"externalPrice,omitempty"`
	ExternalTotalPrice  *ExternalLineItemTotalPrice `json:"externalTotalPrice,omitempty"`
	InventoryMode       string                      `json:"inventoryMode,omitempty"`
	ShippingDetails     *ItemShippingDetailsDraft   `json:"shippingDetails,omitempty"`
	DistributionChannel *ResourceIdentifier         `json:"distributionChannel,omitempty"`
	SupplyChannel       *ResourceIdentifier         `json:"supplyChannel,omitempty"`
	RecurrenceInfo      *RecurrenceInfoDraft        `json:"recurrenceInfo,omitempty"`
}

// Quantity limits of a line item, and how many line items a cart holds.
const (
	MaxQuantity  = 1_000_000
	MaxLineItems = 500
)

// CheckQuantity validates a line item quantity (1 to MaxQuantity).
func CheckQuantity(field string, q int64) error {
	if q < 1 || q > MaxQuantity {
		return InvalidInput("%s must be between 1 and %d; it is %d.", field, MaxQuantity, q)
	}
	return nil
}

// pricing is what choosing prices needs: the catalog, the cart's currency and country, and now.
type pricing struct {
	catalog  Catalog
	currency string
	country  string
	now      time.Time
	policies RecurrencePolicies
}

// resolve finds the published variant a draft names.
func (pr pricing) resolve(d LineItemDraft) (*Product, *Variant, error) {
	var p *Product
	var err error
	switch {
	case d.SKU != "":
		p, err = pr.catalog.ProductBySKU(d.SKU)
	case d.ProductID != "":
		p, err = pr.catalog.Product(d.ProductID)
	default:
		return nil, nil, RequiredField("sku")
	}
	if err != nil {
		return nil, nil, err
	}
	if p == nil || !p.MasterData.Published {
		name := d.SKU
		if name == "" {
			name = d.ProductID
		}
		e := ReferencedNotFound(TypeProduct, d.ProductID, "")
		e.Message = "No published product has the " + skuOrID(d) + " '" + name + "'."
		return nil, nil, e
	}
	variantID := d.VariantID
	if variantID == 0 && d.SKU == "" {
		variantID = 1
	}
	v := p.MasterData.Current.Variant(variantID, d.SKU)
	if v == nil {
		return nil, nil, InvalidInput("The product '%s' has no variant %d.", p.ID, variantID)
	}
	return p, v, nil
}

func skuOrID(d LineItemDraft) string {
	if d.SKU != "" {
		return "SKU"
	}
	return "id"
}

// price chooses the variant's price for the cart, or fails with MatchingPriceNotFound.
func (pr pricing) price(p *Product, v *Variant) (Price, error) {
	price := SelectPrice(v.Prices, pr.currency, pr.country, pr.now)
	if price == nil {
		e := newError(CodeMatchingPriceNotFound,
			"The variant '"+variantLabel(v)+"' of product '"+p.ID+"' has no price in "+pr.currency+countryLabel(pr.country)+".",
			"productId", p.ID, "variantId", v.ID, "currency", pr.currency)
		if pr.country != "" {
			e.Fields["country"] = pr.country
		}
		return Price{}, e
	}
	return *price, nil
}

func variantLabel(v *Variant) string {
	if v.SKU != "" {
		return v.SKU
	}
	return "#" + itoa(v.ID)
}

func countryLabel(c string) string {
	if c == "" {
		return ""
	}
	return " for " + c
}

// newLineItem builds a line item for d at the current price.
func (pr pricing) newLineItem(d LineItemDraft, id string) (LineItem, error) {
	q := int64(1)
	if d.Quantity != nil {
		q = *d.Quantity
	}
	if err := CheckQuantity("quantity", q); err != nil {
		return LineItem{}, err
	}
	p, v, err := pr.resolve(d)
	if err != nil {
		return LineItem{}, err
	}
	price, err := pr.price(p, v)
	if err != nil {
		return LineItem{}, err
	}
	custom, err := NewCustomFields("custom", d.Custom)
	if err != nil {
		return LineItem{}, err
	}
	li := LineItem{ID: id, Key: d.Key, ProductID: p.ID, ProductKey: p.Key, Name: p.MasterData.Current.Name, ProductType: p.ProductType,
		Variant: *v, Price: price, Quantity: q, DiscountedPricePerQuantity: []QuantityPrice{}, TaxedPricePortions: []any{}, State: []any{},
		PerMethodTaxRate: []any{}, PriceMode: "Platform", LineItemMode: LineItemStandard, AddedAt: FormatTime(pr.now), LastModifiedAt: FormatTime(pr.now),
		Custom: custom}
	li.TotalPrice = price.Value.Times(q)
	return li, nil
}

// reprice updates a line item to the variant's current price and data.
func (pr pricing) reprice(li *LineItem) error {
	p, v, err := pr.resolve(LineItemDraft{ProductID: li.ProductID, VariantID: li.Variant.ID})
	if err != nil {
		return err
	}
	price, err := pr.price(p, v)
	if err != nil {
		return err
	}
	li.Variant, li.Price, li.Name = *v, price, p.MasterData.Current.Name
	li.TotalPrice = price.Value.Times(li.Quantity)
	return nil
}

// total adds the line totals, refusing a sum that would overflow.
func total(currency string, items []LineItem) (Money, error) {
	sum := NewMoney(currency, 0)
	for _, li := range items {
		if li.TotalPrice.CentAmount > math.MaxInt64-sum.CentAmount {
			return sum, InvalidOperation("The cart's total is larger than Procura can represent.")
		}
		sum.CentAmount += li.TotalPrice.CentAmount
	}
	return sum, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

package procura

// The project settings of features Procura has in part (decision 0024): search indexes,
// rounding, discounts, inventory, the catalog model, shipping-rate input and an external OAuth
// server. What is a setting is stored and answered; a value that would switch on a behaviour
// Procura lacks is refused, naming it.

// SearchIndexing is the status of each search feature; Procura's Product Search (POST
// /products/search) is always on, and it has none of the others.
type SearchIndexing struct {
	Products       SearchIndexingValues `json:"products"`
	ProductsSearch SearchIndexingValues `json:"productsSearch"`
	Orders         SearchIndexingValues `json:"orders"`
	Customers      SearchIndexingValues `json:"customers"`
	BusinessUnits  SearchIndexingValues `json:"businessUnits"`
}

// SearchIndexingValues is the status of one search feature.
type SearchIndexingValues struct {
	Status string `json:"status"`
}

// The statuses of a search feature.
const (
	searchActivated   = "Activated"
	searchDeactivated = "Deactivated"
)

// procuraSearch is what Procura has: the Product Search API, and no other search.
var procuraSearch = SearchIndexing{
	Products: SearchIndexingValues{searchDeactivated}, ProductsSearch: SearchIndexingValues{searchActivated},
	Orders: SearchIndexingValues{searchDeactivated}, Customers: SearchIndexingValues{searchDeactivated},
	BusinessUnits: SearchIndexingValues{searchDeactivated},
}

// The reference's rounding modes, catalog models and reservation bounds.
var roundingModes = []string{"HalfEven", "HalfUp", "HalfDown"}

const (
	catalogClassic        = "Classic"
	maxReservationMinutes = 44640
)

// featureActions are the update actions of this file and their fields.
var featureActions = ActionFields{
	"changeBusinessUnitSearchStatus":     {"status"},
	"changeCustomerSearchStatus":         {"status"},
	"changeOrderSearchStatus":            {"status"},
	"changeProductSearchIndexingEnabled": {"enabled", "mode"},
	"changePriceRoundingMode":            {"priceRoundingMode"},
	"changeTaxRoundingMode":              {"taxRoundingMode"},
	"setDiscountsConfiguration":          {"discountsConfiguration"},
	"setExternalOAuth":                   {"externalOAuth"},
	"setProductCatalogModel":             {"productCatalogModel"},
	"setReleaseExpiredReservations":      {"releaseExpiredReservations"},
	"setReservationExpirationInMinutes":  {"reservationExpirationInMinutes"},
	"setShippingRateInputType":           {"shippingRateInputType"},
}

// featureAction holds the fields of featureActions (status and enabled are projectAction's).
type featureAction struct {
	Mode                           string                  `json:"mode"`
	PriceRoundingMode              string                  `json:"priceRoundingMode"`
	TaxRoundingMode                string                  `json:"taxRoundingMode"`
	DiscountsConfiguration         *DiscountsConfiguration `json:"discountsConfiguration"`
	ExternalOAuth                  *ExternalOAuth          `json:"externalOAuth"`
	ProductCatalogModel            string                  `json:"productCatalogModel"`
	ReleaseExpiredReservations     *bool                   `json:"releaseExpiredReservations"`
	ReservationExpirationInMinutes *int                    `json:"reservationExpirationInMinutes"`
	ShippingRateInputType          *ShippingRateInputType  `json:"shippingRateInputType"`
}

// ExternalOAuth is an external OAuth server's token introspection endpoint; Procura accepts
// none (it would let that server's tokens in).
type ExternalOAuth struct {
	URL                 string `json:"url"`
	AuthorizationHeader string `json:"authorizationHeader"`
}

// applyFeature applies one of featureActions; status and enabled are the actions' fields of
// those names.
func (p *Project) applyFeature(name, status string, enabled *bool, a featureAction) error {
	switch name {
	case "changeBusinessUnitSearchStatus", "changeCustomerSearchStatus", "changeOrderSearchStatus":
		feature := map[string]string{"changeBusinessUnitSearchStatus": "the Business Unit Search API",
			"changeCustomerSearchStatus": "the Customer Search API", "changeOrderSearchStatus": "the Order Search API"}[name]
		return onlyDeactivated("status", status, feature)
	case "changeProductSearchIndexingEnabled":
		if enabled == nil {
			return RequiredField("enabled")
		}
		switch a.Mode {
		case "", "ProductProjectionsSearch":
			if *enabled {
				return Unsupported("enabled", true, "the Product Projection Search API")
			}
		case "ProductsSearch":
			if !*enabled {
				e := InvalidField("enabled", false)
				e.Message = "Procura's Product Search (POST /products/search) is always on: it cannot be disabled."
				return e
			}
		default:
			return InvalidField("mode", a.Mode, "ProductProjectionsSearch", "ProductsSearch")
		}
	case "changePriceRoundingMode":
		return setOneOf(&p.Carts.PriceRoundingMode, "priceRoundingMode", a.PriceRoundingMode, roundingModes...)
	case "changeTaxRoundingMode":
		return setOneOf(&p.Carts.TaxRoundingMode, "taxRoundingMode", a.TaxRoundingMode, roundingModes...)
	case "setDiscountsConfiguration":
		if a.DiscountsConfiguration == nil {
			return RequiredField("discountsConfiguration")
		}
		return setOneOf(&p.Discounts.DiscountCombinationMode, "discountsConfiguration.discountCombinationMode",
			a.DiscountsConfiguration.DiscountCombinationMode, combinationStacking, combinationBestDeal)
	case "setExternalOAuth":
		if a.ExternalOAuth != nil {
			return Unsupported("externalOAuth", a.ExternalOAuth.URL, "tokens of an external OAuth server")
		}
	case "setProductCatalogModel":
		if a.ProductCatalogModel == "Modular" {
			return Unsupported("productCatalogModel", a.ProductCatalogModel, "standalone variants and standalone prices")
		}
		return setOneOf(&p.ProductCatalogModel, "productCatalogModel", a.ProductCatalogModel, catalogClassic)
	case "setReleaseExpiredReservations":
		return setFlag(&p.Inventory.ReleaseExpiredReservations, "releaseExpiredReservations", a.ReleaseExpiredReservations)
	case "setReservationExpirationInMinutes":
		m := a.ReservationExpirationInMinutes
		if m != nil {
			if err := checkBetween("reservationExpirationInMinutes", *m, 1, maxReservationMinutes); err != nil {
				return err
			}
		}
		p.Inventory.ReservationExpirationInMinutes = m
	case "setShippingRateInputType":
		if t := a.ShippingRateInputType; t != nil {
			if err := checkInputType(t); err != nil {
				return err
			}
		}
		p.ShippingRateInputType = a.ShippingRateInputType
	default:
		return UnknownAction(name)
	}
	return nil
}

// onlyDeactivated accepts the status Deactivated of a search feature Procura does not have.
func onlyDeactivated(field, status, feature string) error {
	switch status {
	case searchDeactivated:
		return nil
	case searchActivated:
		return Unsupported(field, status, feature)
	case "":
		return RequiredField(field)
	}
	return InvalidField(field, status, searchActivated, searchDeactivated)
}

// setOneOf sets dst to v, which must be one of values.
func setOneOf(dst *string, field, v string, values ...string) error {
	if v == "" {
		return RequiredField(field)
	}
	if err := checkOneOf(field, v, values...); err != nil {
		return err
	}
	*dst = v
	return nil
}

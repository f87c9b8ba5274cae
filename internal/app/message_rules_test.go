package app_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/refshape"
)

// updates applies each action as an update of its own to a resource at version v (each update
// adds one), as the seller, and returns the resource's id.
func updates[T any](t *testing.T, id string, v int64, update func(app.Ref, procura.Update) (T, error), acts ...string) string {
	t.Helper()
	for i, act := range acts {
		must[T](t)(update(app.Ref{ID: id}, actions(v+int64(i), act)))
	}
	return id
}

// messageCase makes changes to one resource and names the messages it then has, in order: "Type",
// or "Type field=JSON" for one whose payload field is that JSON (several joined by " & ").
type messageCase struct {
	name string
	do   func(t *testing.T, w *world, a *app.App, c app.Caller) string // returns the resource's id
	want []string
}

var messageCases = []messageCase{
	{"an order's custom fields, deliveries, returns and workflow state", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.customType("order-notes", "order,order-delivery", "note:String", "gate:String")
		w.state(procura.StateDraft{Key: "packed", Type: procura.StateOrder, Initial: no(), Transitions: stateIDs()})
		w.state(procura.StateDraft{Key: "boxed", Type: procura.StateLineItem, Initial: no()})
		w.state(procura.StateDraft{Key: "picked", Type: procura.StateLineItem, Initial: no(), Transitions: stateIDs("boxed")})
		d := cartDraft("W-1")
		d.CustomerID, d.BusinessUnit, d.ShippingAddress = w.customers["alice@acme.example"], &procura.ResourceIdentifier{Key: "acme"}, &procura.Address{Country: "DE"}
		d.CustomLineItems = []procura.CustomLineItemDraft{{Key: "fee", Name: procura.LocalizedString{"en": "Fee"}, Slug: "fee", Quantity: qty(2),
			Money: &procura.MoneyDraft{CurrencyCode: "EUR", CentAmount: qty(100)}}}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setShippingMethod","shippingMethod":{"key":"post"}}`)))
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		li := o.LineItems[0].ID
		must[*procura.Payment](t)(a.CreatePayment(ctx, c, procura.PaymentDraft{Key: "pay-1", AmountPlanned: cents(2868)}))
		up := func(r app.Ref, u procura.Update) (*procura.Order, error) {
			return a.UpdateOrder(ctx, c, app.Acting{}, r, u)
		}
		updates(t, o.ID, o.Version, up,
			`{"action":"setCustomType","type":{"key":"order-notes"},"fields":{"note":"fragile"}}`,
			`{"action":"setCustomField","name":"note","value":"very fragile"}`,
			`{"action":"setCustomField","name":"gate","value":"B"}`,
			`{"action":"setCustomField","name":"gate"}`,
			`{"action":"addDelivery","deliveryKey":"d1","items":[{"id":"`+li+`","quantity":1}]}`,
			`{"action":"addParcelToDelivery","deliveryKey":"d1","parcelKey":"p1"}`,
			`{"action":"setDeliveryAddress","deliveryKey":"d1","address":{"country":"DE","city":"Bonn"}}`,
			`{"action":"setDeliveryCustomType","deliveryKey":"d1","type":{"key":"order-notes"},"fields":{"gate":"C"}}`,
			`{"action":"setDeliveryCustomField","deliveryKey":"d1","name":"gate","value":"D"}`,
			`{"action":"removeParcelFromDelivery","parcelKey":"p1"}`,
			`{"action":"removeDelivery","deliveryKey":"d1"}`,
			`{"action":"addReturnInfo","items":[{"key":"r1","lineItemId":"`+li+`","quantity":1,"shipmentState":"Advised"}]}`,
			`{"action":"setReturnShipmentState","returnItemKey":"r1","shipmentState":"BackInStock"}`,
			`{"action":"addPayment","payment":{"typeId":"payment","key":"pay-1"}}`,
			`{"action":"removePayment","payment":{"typeId":"payment","key":"pay-1"}}`,
			`{"action":"importLineItemState","lineItemId":"`+li+`","state":[{"quantity":1,"state":{"key":"picked"}}]}`,
			`{"action":"transitionLineItemState","lineItemId":"`+li+`","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`,
			`{"action":"importCustomLineItemState","customLineItemKey":"fee","state":[{"quantity":2,"state":{"key":"picked"}}]}`,
			`{"action":"transitionCustomLineItemState","customLineItemKey":"fee","quantity":1,"fromState":{"key":"picked"},"toState":{"key":"boxed"}}`,
			`{"action":"transitionState","state":{"key":"packed"},"force":true}`,
			`{"action":"setCustomerId","customerId":"`+w.customers["bob@acme.example"]+`"}`,
			`{"action":"setCustomType"}`)
		return o.ID
	}, []string{"OrderCreated", "OrderCustomTypeSet", `OrderCustomFieldChanged value="very fragile" & previousValue="fragile"`,
		`OrderCustomFieldAdded name="gate"`, `OrderCustomFieldRemoved name="gate"`, "DeliveryAdded", "ParcelAddedToDelivery",
		"DeliveryAddressSet", "DeliveryCustomTypeSet", `DeliveryCustomFieldChanged value="D"`, "ParcelRemovedFromDelivery", "DeliveryRemoved", "ReturnInfoAdded",
		`OrderReturnShipmentStateChanged returnShipmentState="BackInStock"`, "OrderPaymentAdded", "OrderPaymentRemoved removedPaymentInfo=true",
		`LineItemStateTransition quantity=1 & fromState.typeId="state" & toState.typeId="state"`,
		`CustomLineItemStateTransition customLineItemKey="fee" & quantity=1`, "OrderStateTransition force=true", `OrderCustomerSet customer.typeId="customer" & oldCustomer.typeId="customer"`, "OrderCustomTypeRemoved"}},
	{"an order shipped by several methods: its deliveries name their shipping", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		d := cartDraft("W-1")
		d.CustomerID, d.BusinessUnit = w.customers["alice@acme.example"], &procura.ResourceIdentifier{Key: "acme"}
		d.ShippingMode, d.ShippingAddress = procura.ShippingMultiple, &procura.Address{Country: "DE"}
		d.Shipping = []procura.ShippingDraft{{ShippingMethod: &procura.ResourceIdentifier{Key: "post"},
			ShippingPartsDraft: procura.ShippingPartsDraft{Key: "home", ShippingAddress: &procura.Address{Country: "DE", City: "Berlin"}}}}
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, app.Acting{}, d))
		o := must[*procura.Order](t)(a.CreateOrder(ctx, c, app.Acting{}, procura.OrderFromCartDraft{Cart: &procura.ResourceIdentifier{ID: cart.ID}, Version: &cart.Version}))
		up := func(r app.Ref, u procura.Update) (*procura.Order, error) {
			return a.UpdateOrder(ctx, c, app.Acting{}, r, u)
		}
		return updates(t, o.ID, o.Version, up,
			`{"action":"addDelivery","shippingKey":"home","deliveryKey":"d1","items":[{"id":"`+o.LineItems[0].ID+`","quantity":1}]}`,
			`{"action":"setDeliveryItems","deliveryKey":"d1","items":[]}`, `{"action":"addParcelToDelivery","deliveryKey":"d1","parcelKey":"p1"}`)
	}, []string{"OrderCreated", `DeliveryAdded shippingKey="home" & delivery.key="d1"`, `DeliveryItemsUpdated items=[] & shippingKey="home"`,
		`ParcelAddedToDelivery shippingKey="home" & parcel.key="p1"`}},
	{"a customer's custom fields, address custom fields and passwords", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.customType("prefs", "customer,address", "colour:String")
		must[*procura.CustomerGroup](t)(a.CreateCustomerGroup(ctx, c, procura.CustomerGroupDraft{Key: "silver", GroupName: "Silver"}))
		id := w.customers["alice@acme.example"]
		cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: id}))
		up := func(r app.Ref, u procura.Update) (*procura.Customer, error) { return a.UpdateCustomer(ctx, c, r, u) }
		updates(t, id, cu.Version, up,
			`{"action":"setCustomType","type":{"key":"prefs"},"fields":{"colour":"red"}}`,
			`{"action":"setCustomField","name":"colour","value":"blue"}`,
			`{"action":"addAddress","address":{"key":"home","country":"DE"}}`,
			`{"action":"setAddressCustomType","addressKey":"home","type":{"key":"prefs"}}`,
			`{"action":"setAddressCustomField","addressKey":"home","name":"colour","value":"green"}`,
			`{"action":"addCustomerGroupAssignment","customerGroupAssignment":{"customerGroup":{"key":"silver"}}}`,
			`{"action":"setStores","stores":[{"key":"main"}]}`,
			`{"action":"removeCustomerGroupAssignment","customerGroup":{"key":"silver"}}`)
		cu = must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: id}))
		must[*procura.Customer](t)(a.ChangeCustomerPassword(ctx, c, app.CustomerPasswordChange{ID: id, PasswordChange: procura.PasswordChange{
			Version: &cu.Version, CurrentPassword: "correct horse", NewPassword: "battery staple"}}, "203.0.113.1"))
		tok := must[*app.CustomerToken](t)(a.CreatePasswordToken(ctx, c, app.PasswordTokenDraft{Email: "alice@acme.example"}))
		must[*procura.Customer](t)(a.ResetPassword(ctx, c, app.PasswordReset{TokenValue: tok.Value, NewPassword: "staple battery"}))
		return id
	}, []string{"CustomerCustomTypeSet", `CustomerCustomFieldChanged value="blue"`, "CustomerAddressAdded", "CustomerAddressCustomTypeSet",
		`CustomerAddressCustomFieldAdded value="green"`, "CustomerGroupAssignmentAdded",
		`CustomerStoresSet stores=[{"key":"main","typeId":"store"}] & oldStores=[]`, "CustomerGroupAssignmentRemoved", "CustomerPasswordUpdated reset=false", "CustomerPasswordTokenCreated invalidateOlderTokens=false", "CustomerPasswordUpdated reset=true"}},
	{"a unit's type and custom fields", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.customType("unit-info", "business-unit", "region:String")
		u := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, procura.BusinessUnitDraft{Key: "lab", Name: "Lab", UnitType: procura.UnitTypeDivision,
			ParentUnit: &procura.ResourceIdentifier{Key: "acme"}, StoreMode: procura.ModeExplicit, AssociateMode: procura.ModeExplicit, ApprovalRuleMode: procura.ModeExplicit}))
		up := func(r app.Ref, u procura.Update) (*procura.BusinessUnit, error) {
			return a.UpdateBusinessUnit(ctx, c, r, u)
		}
		return updates(t, u.ID, u.Version, up, `{"action":"setUnitType","unitType":"Company"}`, `{"action":"setCustomType","type":{"key":"unit-info"}}`,
			`{"action":"setCustomField","name":"region","value":"north"}`)
	}, []string{"BusinessUnitCreated", `BusinessUnitTypeSet unitType="Company" & oldParentUnit={"key":"acme","typeId":"business-unit"}`,
		"BusinessUnitCustomTypeSet", `BusinessUnitCustomFieldAdded value="north"`}},
	{"a discount group's key, sort order, activity and deletion", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		g := must[*procura.DiscountGroup](t)(a.CreateDiscountGroup(ctx, c, procura.DiscountGroupDraft{Key: "summer", SortOrder: "0.7"}))
		up := func(r app.Ref, u procura.Update) (*procura.DiscountGroup, error) {
			return a.UpdateDiscountGroup(ctx, c, r, u)
		}
		updates(t, g.ID, g.Version, up, `{"action":"setKey","key":"summer-sale"}`, `{"action":"setSortOrder","sortOrder":"0.8"}`,
			`{"action":"setIsActive","isActive":false}`)
		must[*procura.DiscountGroup](t)(a.DeleteDiscountGroup(ctx, c, app.Ref{ID: g.ID}, g.Version+3))
		return g.ID
	}, []string{"DiscountGroupCreated", `DiscountGroupKeySet oldKey="summer"`, `DiscountGroupSortOrderSet sortOrder="0.8" & oldSortOrder="0.7"`,
		"DiscountGroupIsActiveSet isActive=false", "DiscountGroupDeleted"}},
	{"a recurring order's changes", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.customType("ro-info", "recurring-order", "ref:String")
		r := w.recurringOrder(procura.PriceDynamic)
		must[*procura.RecurrencePolicy](t)(a.CreateRecurrencePolicy(ctx, c, procura.RecurrencePolicyDraft{Key: "monthly",
			Schedule: &procura.Schedule{Type: "standard", Value: 1, IntervalUnit: "Months"}}))
		up := func(r app.Ref, u procura.Update) (*procura.RecurringOrder, error) {
			return a.UpdateRecurringOrder(ctx, c, r, u)
		}
		updates(t, r.ID, r.Version, up, `{"action":"setKey","key":"weekly-widgets"}`,
			`{"action":"setRecurringOrderState","recurringOrderState":{"type":"paused"}}`,
			`{"action":"setCustomType","type":{"key":"ro-info"},"fields":{"ref":"A"}}`,
			`{"action":"setStartsAt","startsAt":"2040-01-01T00:00:00.000Z"}`, `{"action":"setExpiresAt","expiresAt":"2041-01-01T00:00:00.000Z"}`,
			`{"action":"setSchedule","recurrencePolicy":{"key":"monthly"}}`)
		must[*procura.RecurringOrder](t)(a.DeleteRecurringOrder(ctx, c, app.Ref{ID: r.ID}, r.Version+6))
		return r.ID
	}, []string{"RecurringOrderCreated", `RecurringOrderKeySet key="weekly-widgets"`, `RecurringOrderStateChanged state="Paused"`,
		"RecurringOrderCustomTypeSet", `RecurringOrderStartsAtSet startsAt="2040-01-01T00:00:00.000Z"`,
		`RecurringOrderExpiresAtSet newExpiresAt="2041-01-01T00:00:00.000Z"`,
		`RecurringOrderScheduleSet recurrencePolicySchedule.intervalUnit="Months" & oldRecurrencePolicySchedule.intervalUnit="Weeks"`, "RecurringOrderDeleted"}},
	{"an order placed by a recurring order", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		r := w.recurringOrder(procura.PriceDynamic)
		w.run(a.Now(), 1)
		return w.ordersOf(r.ID)[0]["id"].(string)
	}, []string{"OrderCreated", `OrderCreatedFromRecurringOrder recurringOrderRef.typeId="recurring-order" & order.origin="RecurringOrder"`}},
	{"a payment's transactions, interface and workflow state", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.state(procura.StateDraft{Key: "authorized", Type: procura.StatePayment})
		w.customType("psp-log", "payment-interface-interaction", "code:String")
		p := must[*procura.Payment](t)(a.CreatePayment(ctx, c, procura.PaymentDraft{AmountPlanned: cents(1999)}))
		up := func(r app.Ref, u procura.Update) (*procura.Payment, error) { return a.UpdatePayment(ctx, c, r, u) }
		updates(t, p.ID, p.Version, up, `{"action":"setInterfaceId","interfaceId":"psp-1"}`,
			`{"action":"addTransaction","transaction":{"type":"Charge","amount":{"currencyCode":"EUR","centAmount":1999}}}`)
		p = must[*procura.Payment](t)(a.GetPayment(ctx, c, app.Ref{ID: p.ID}))
		return updates(t, p.ID, p.Version, up, `{"action":"changeTransactionState","transactionId":"`+p.Transactions[0].ID+`","state":"Success"}`,
			`{"action":"setStatusInterfaceCode","interfaceCode":"200"}`,
			`{"action":"addInterfaceInteraction","type":{"key":"psp-log"},"fields":{"code":"ok"}}`,
			`{"action":"transitionState","state":{"key":"authorized"}}`)
	}, []string{"PaymentCreated", `PaymentInterfaceIdSet interfaceId="psp-1"`, "PaymentTransactionAdded", `PaymentTransactionStateChanged state="Success"`,
		`PaymentStatusInterfaceCodeSet interfaceCode="200"`, `PaymentInteractionAdded interaction.fields={"code":"ok"}`,
		"PaymentStatusStateTransition force=false"}},
	{"a product published, its image, prices, slug, categories and variants changed, its staged changes reverted, unpublished and deleted", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		pt := must[*procura.ProductType](t)(a.GetProductType(ctx, c, app.Ref{Key: "thing"}))
		w.customType("price-info", "product-price", "src:String")
		must[*procura.Category](t)(a.CreateCategory(ctx, c, procura.CategoryDraft{Key: "drills", Name: procura.LocalizedString{"en": "Drills"},
			Slug: procura.LocalizedString{"en": "drills"}}))
		p := must[*procura.Product](t)(a.CreateProduct(ctx, c, procura.ProductDraft{Key: "drill", ProductType: &procura.ResourceIdentifier{ID: pt.ID},
			Name: procura.LocalizedString{"en": "Drill"}, Slug: procura.LocalizedString{"en": "drill"}, MasterVariant: &procura.VariantDraft{SKU: "D-1"}}))
		up := func(r app.Ref, u procura.Update) (*procura.Product, error) { return a.UpdateProduct(ctx, c, r, u) }
		updates(t, p.ID, p.Version, up, `{"action":"publish"}`, `{"action":"setPriceMode","priceMode":"Embedded"}`,
			`{"action":"addExternalImage","variantId":1,"image":{"url":"https://img.example/d.png","dimensions":{"w":10,"h":10}},"staged":true}`,
			`{"action":"setPrices","variantId":1,"prices":[{"value":{"currencyCode":"EUR","centAmount":4999}}],"staged":true}`,
			`{"action":"publish","scope":"Prices"}`, `{"action":"revertStagedChanges"}`,
			`{"action":"changeSlug","slug":{"en":"power-drill"},"staged":false}`, `{"action":"addToCategory","category":{"key":"drills"}}`,
			`{"action":"addVariant","sku":"D-2"}`)
		p = must[*procura.Product](t)(a.GetProduct(ctx, c, app.Ref{ID: p.ID}))
		price := p.MasterData.Current.MasterVariant.Prices[0].ID
		updates(t, p.ID, p.Version, up,
			`{"action":"changePrice","priceId":"`+price+`","price":{"value":{"currencyCode":"EUR","centAmount":5999}},"staged":false}`,
			`{"action":"setProductPriceCustomType","priceId":"`+price+`","type":{"key":"price-info"},"fields":{"src":"erp"},"staged":false}`,
			`{"action":"setProductPriceCustomField","priceId":"`+price+`","name":"src","value":"pim"}`,
			`{"action":"setPriceKey","priceId":"`+price+`","key":"list"}`,
			`{"action":"removePrice","priceId":"`+price+`"}`, `{"action":"removeVariant","sku":"D-2"}`, `{"action":"unpublish"}`)
		must[*procura.Product](t)(a.DeleteProduct(ctx, c, app.Ref{ID: p.ID}, p.Version+7))
		return p.ID
	}, []string{`ProductCreated productProjection.key="drill"`, `ProductPublished scope="All" & removedImageUrls=[]`, `ProductPriceModeSet to="Embedded"`,
		`ProductImageAdded staged=true & variantId=1 & image.url="https://img.example/d.png"`,
		`ProductPriceAdded staged=true & variantId=1 & price.value.centAmount=4999`, `ProductPublished scope="Prices"`, `ProductRevertedStagedChanges removedImageUrls=["https://img.example/d.png"]`,
		`ProductSlugChanged slug={"en":"power-drill"} & oldSlug={"en":"drill"}`, `ProductAddedToCategory staged=true & category.typeId="category"`,
		`ProductVariantAdded staged=true & variant.sku="D-2"`,
		`ProductPriceChanged staged=false & oldPrice.value.centAmount=4999 & newPrice.value.centAmount=5999`,
		`ProductPriceCustomFieldsSet staged=false & variantId=1 & customField.fields={"src":"erp"}`,
		`ProductPriceCustomFieldChanged staged=true & variantId=1 & value="pim"`, `ProductPriceKeySet staged=true & key="list"`,
		`ProductPriceRemoved staged=true & price.value.centAmount=5999`, `ProductVariantDeleted staged=true & variant.sku="D-2"`,
		"ProductUnpublished", "ProductDeleted removedImageUrls=[]"}},
	{"a category's slug", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		cat := must[*procura.Category](t)(a.CreateCategory(ctx, c, procura.CategoryDraft{Name: procura.LocalizedString{"en": "Tools"},
			Slug: procura.LocalizedString{"en": "tools"}}))
		up := func(r app.Ref, u procura.Update) (*procura.Category, error) { return a.UpdateCategory(ctx, c, r, u) }
		return updates(t, cat.ID, cat.Version, up, `{"action":"changeSlug","slug":{"en":"hand-tools"}}`)
	}, []string{"CategoryCreated", `CategorySlugChanged oldSlug={"en":"tools"}`}},
	{"a store's creation and name", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		s := must[*procura.Store](t)(a.CreateStore(ctx, c, procura.StoreDraft{Key: "outlet", Name: procura.LocalizedString{"en": "Outlet"}}))
		up := func(r app.Ref, u procura.Update) (*procura.Store, error) { return a.UpdateStore(ctx, c, r, u) }
		updates(t, s.ID, s.Version, up, `{"action":"setName","name":{"en":"Factory outlet"}}`,
			`{"action":"setLanguages","languages":["en"]}`, `{"action":"addCountry","country":{"code":"DE"}}`,
			`{"action":"setFaqUrl","faqUrl":"https://outlet.example/faq"}`)
		must[*procura.Store](t)(a.DeleteStore(ctx, c, app.Ref{ID: s.ID}, s.Version+4))
		return s.ID
	}, []string{`StoreCreated name={"en":"Outlet"}`, `StoreNameSet name={"en":"Factory outlet"}`, `StoreLanguagesChanged addedLanguages=["en"]`,
		`StoreCountriesChanged addedCountries=[{"code":"DE"}]`, `StoreFaqUrlSet faqUrl="https://outlet.example/faq"`, "StoreDeleted"}},
	{"a cart discount's stores and deletion", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		d := must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"five","name":{"en":"5% off"},"cartPredicate":"true","sortOrder":"0.6","value":{"type":"relative","permyriad":500},"target":{"type":"totalPrice"}}`)))
		up := func(r app.Ref, u procura.Update) (*procura.CartDiscount, error) {
			return a.UpdateCartDiscount(ctx, c, r, u)
		}
		updates(t, d.ID, d.Version, up, `{"action":"addStore","store":{"key":"main"}}`, `{"action":"removeStore","store":{"key":"main"}}`)
		must[*procura.CartDiscount](t)(a.DeleteCartDiscount(ctx, c, app.Ref{ID: d.ID}, d.Version+2))
		return d.ID
	}, []string{"CartDiscountCreated", `CartDiscountStoreAdded store={"key":"main","typeId":"store"}`, "CartDiscountStoreRemoved", "CartDiscountDeleted"}},
	{"a discount code's key and deletion", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		must[*procura.CartDiscount](t)(a.CreateCartDiscount(ctx, c, decodeDraft[procura.CartDiscountDraft](t,
			`{"key":"ten","name":{"en":"10% off"},"cartPredicate":"true","sortOrder":"0.5","requiresDiscountCode":true,"value":{"type":"relative","permyriad":1000},"target":{"type":"totalPrice"}}`)))
		d := must[*procura.DiscountCode](t)(a.CreateDiscountCode(ctx, c, decodeDraft[procura.DiscountCodeDraft](t,
			`{"code":"SAVE10","cartDiscounts":[{"typeId":"cart-discount","key":"ten"}]}`)))
		up := func(r app.Ref, u procura.Update) (*procura.DiscountCode, error) {
			return a.UpdateDiscountCode(ctx, c, r, u)
		}
		updates(t, d.ID, d.Version, up, `{"action":"setKey","key":"save10"}`)
		must[*procura.DiscountCode](t)(a.DeleteDiscountCode(ctx, c, app.Ref{ID: d.ID}, d.Version+1))
		return d.ID
	}, []string{"DiscountCodeCreated", `DiscountCodeKeySet key="save10"`, "DiscountCodeDeleted"}},
	{"a customer group's custom fields", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		w.customType("group-info", "customer-group", "tier:String")
		g := must[*procura.CustomerGroup](t)(a.CreateCustomerGroup(ctx, c, procura.CustomerGroupDraft{Key: "gold", GroupName: "Gold"}))
		up := func(r app.Ref, u procura.Update) (*procura.CustomerGroup, error) {
			return a.UpdateCustomerGroup(ctx, c, r, u)
		}
		return updates(t, g.ID, g.Version, up, `{"action":"setCustomType","type":{"key":"group-info"},"fields":{"tier":"1"}}`,
			`{"action":"setCustomField","name":"tier"}`)
	}, []string{"CustomerGroupCustomTypeSet", `CustomerGroupCustomFieldRemoved name="tier"`}},
	{"a shopping list's line items", func(t *testing.T, w *world, a *app.App, c app.Caller) string {
		l := must[*procura.ShoppingList](t)(a.CreateShoppingList(ctx, c, app.Acting{}, procura.ShoppingListDraft{Name: procura.LocalizedString{"en": "Later"}}))
		up := func(r app.Ref, u procura.Update) (*procura.ShoppingList, error) {
			return a.UpdateShoppingList(ctx, c, app.Acting{}, r, u)
		}
		updates(t, l.ID, l.Version, up, `{"action":"addLineItem","sku":"W-1","quantity":2}`)
		l = must[*procura.ShoppingList](t)(a.GetShoppingList(ctx, c, app.Acting{}, app.Ref{ID: l.ID}))
		return updates(t, l.ID, l.Version, up, `{"action":"removeLineItem","lineItemId":"`+l.LineItems[0].ID+`"}`)
	}, []string{"ShoppingListLineItemAdded", "ShoppingListLineItemRemoved"}},
}

// TestMessagesOfEveryResource: each case's changes record the messages it names and no others,
// and every message of the resource has the reference's shape.
func TestMessagesOfEveryResource(t *testing.T) {
	ref := must[*refshape.Types](t)(refshape.Reference())
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		messagesOn(t, a, c, true, 15)
		w, clock := recurringWorld(t, a, c)
		w.shipping()
		*clock = time.Now().UTC().Truncate(time.Second)
		for _, tc := range messageCases {
			*clock = clock.Add(time.Hour) // the case's messages are those from now on
			since := procura.FormatTime(*clock)
			id := tc.do(t, w, a, c)
			ms := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + id + `") and createdAt >= "` + since + `"`},
				Sort: []string{"sequenceNumber asc"}})
			for i, want := range tc.want {
				if i >= len(ms) || !isMessage(ms[i], want) {
					t.Errorf("%s: message %d is not %s: %s", tc.name, i+1, want, kinds(ms))
					break
				}
			}
			if len(ms) != len(tc.want) {
				t.Errorf("%s: %d messages, want %d: %s", tc.name, len(ms), len(tc.want), kinds(ms))
			}
			referenceShaped(t, ref, tc.name, ms)
		}
	})
}

// referenceShaped requires each message to have the reference's shape (but for the differences
// Procura documents).
func referenceShaped(t *testing.T, ref *refshape.Types, name string, ms []map[string]any) {
	t.Helper()
	for _, m := range ms {
		if problems := slices.DeleteFunc(ref.Check("Message", must[[]byte](t)(json.Marshal(m))), knownDifference); len(problems) > 0 {
			t.Errorf("%s: %s is not the reference's:\n  %s", name, m["type"], strings.Join(problems, "\n  "))
		}
	}
}

// knownDifference reports whether a shape problem is one that Procura documents: a recurring
// order made from a cart, not an order, has no originOrder (decision 0033), and one that had no
// expiry before its first has no oldExpiresAt (decision 0036).
func knownDifference(problem string) bool {
	return problem == "$.recurringOrder.originOrder: missing (required by RecurringOrder)" ||
		problem == "$.oldExpiresAt: missing (required by RecurringOrderExpiresAtSetMessage)"
}

// isMessage reports whether a message is of want: "Type", or "Type field=JSON" (a dotted path
// for a nested field), several conditions joined by " & ".
func isMessage(m map[string]any, want string) bool {
	typ, conds, _ := strings.Cut(want, " ")
	for cond := range strings.SplitSeq(conds, " & ") {
		path, value, _ := strings.Cut(cond, "=")
		var v any = m
		for name := range strings.SplitSeq(path, ".") {
			obj, _ := v.(map[string]any)
			v = obj[name]
		}
		if got, _ := json.Marshal(v); path != "" && string(got) != value {
			return false
		}
	}
	return m["type"] == typ
}

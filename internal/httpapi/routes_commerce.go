package httpapi

import "github.com/procura/procura"

// commerceRoutes lists the catalog, cart and order endpoints: general (the seller), /me and
// as-associate, in that order for each resource.
func (s *Server) commerceRoutes() []route {
	a := s.App
	const inUnit = "/{project}/as-associate/{associate}/in-business-unit/{unit}"
	return []route{
		{"GET /{project}/product-projections", general, "view_published_products", s.productProjections},
		{"GET /{project}/product-projections/{ref}", general, "view_published_products", s.productProjection},

		{"GET /{project}/categories", general, "view_categories", s.query(a.QueryCategories)},
		{"POST /{project}/categories", general, "manage_categories", create(s, a.CreateCategory)},
		{"GET /{project}/categories/{ref}", general, "view_categories", get(s, a.GetCategory)},
		{"POST /{project}/categories/{ref}", general, "manage_categories", update(s, a.UpdateCategory)},
		{"DELETE /{project}/categories/{ref}", general, "manage_categories", remove(s, a.DeleteCategory)},

		{"GET /{project}/product-types", general, "view_products", s.query(a.QueryProductTypes)},
		{"POST /{project}/product-types", general, "manage_products", create(s, a.CreateProductType)},
		{"GET /{project}/product-types/{ref}", general, "view_products", get(s, a.GetProductType)},
		{"DELETE /{project}/product-types/{ref}", general, "manage_products", remove(s, a.DeleteProductType)},
		{"GET /{project}/products", general, "view_products", s.query(a.QueryProducts)},
		{"POST /{project}/products", general, "manage_products", create(s, a.CreateProduct)},
		{"GET /{project}/products/{ref}", general, "view_products", get(s, a.GetProduct)},
		{"POST /{project}/products/{ref}", general, "manage_products", update(s, a.UpdateProduct)},
		{"DELETE /{project}/products/{ref}", general, "manage_products", remove(s, a.DeleteProduct)},

		{"GET /{project}/carts", general, "view_orders", s.b2bQuery(seller, a.QueryCarts)},
		{"POST /{project}/carts", general, "manage_orders", b2bCreate(s, seller, a.CreateCart)},
		{"POST /{project}/carts/replicate", general, "manage_orders", b2bCreate(s, seller, a.ReplicateCart)},
		{"GET /{project}/carts/{ref}", general, "view_orders", show(s, seller, procura.TypeCart)},
		{"POST /{project}/carts/{ref}", general, "manage_orders", b2bUpdate(s, seller, a.UpdateCart)},
		{"DELETE /{project}/carts/{ref}", general, "manage_orders", b2bRemove(s, seller, a.DeleteCart)},
		{"GET /{project}/me/carts", customer, "manage_my_orders", s.b2bQuery(me, a.QueryCarts)},
		{"POST /{project}/me/carts", customer, "manage_my_orders", b2bCreate(s, me, a.CreateCart)},
		{"POST /{project}/me/carts/replicate", customer, "manage_my_orders", b2bCreate(s, me, a.ReplicateCart)},
		{"GET /{project}/me/carts/{ref}", customer, "manage_my_orders", show(s, me, procura.TypeCart)},
		{"POST /{project}/me/carts/{ref}", customer, "manage_my_orders", b2bUpdate(s, me, a.UpdateCart)},
		{"DELETE /{project}/me/carts/{ref}", customer, "manage_my_orders", b2bRemove(s, me, a.DeleteCart)},
		{"GET " + inUnit + "/carts", associate, "manage_orders", s.b2bQuery(inPathUnit, a.QueryCarts)},
		{"POST " + inUnit + "/carts", associate, "manage_orders", b2bCreate(s, inPathUnit, a.CreateCart)},
		{"POST " + inUnit + "/carts/replicate", associate, "manage_orders", b2bCreate(s, inPathUnit, a.ReplicateCart)},
		{"GET " + inUnit + "/carts/{ref}", associate, "manage_orders", show(s, inPathUnit, procura.TypeCart)},
		{"POST " + inUnit + "/carts/{ref}", associate, "manage_orders", b2bUpdate(s, inPathUnit, a.UpdateCart)},
		{"DELETE " + inUnit + "/carts/{ref}", associate, "manage_orders", b2bRemove(s, inPathUnit, a.DeleteCart)},

		{"GET /{project}/orders", general, "view_orders", s.b2bQuery(seller, a.QueryOrders)},
		{"POST /{project}/orders", general, "manage_orders", b2bCreate(s, seller, a.CreateOrder)},
		{"GET /{project}/orders/{ref}", general, "view_orders", show(s, seller, procura.TypeOrder)},
		{"POST /{project}/orders/{ref}", general, "manage_orders", b2bUpdate(s, seller, a.UpdateOrder)},
		{"DELETE /{project}/orders/{ref}", general, "manage_orders", remove(s, a.DeleteOrder)},
		{"GET /{project}/me/orders", customer, "manage_my_orders", s.b2bQuery(me, a.QueryOrders)},
		{"POST /{project}/me/orders", customer, "manage_my_orders", b2bCreate(s, me, a.CreateOrder)},
		{"GET /{project}/me/orders/{ref}", customer, "manage_my_orders", show(s, me, procura.TypeOrder)},
		{"GET " + inUnit + "/orders", associate, "manage_orders", s.b2bQuery(inPathUnit, a.QueryOrders)},
		{"POST " + inUnit + "/orders", associate, "manage_orders", b2bCreate(s, inPathUnit, a.CreateOrder)},
		{"GET " + inUnit + "/orders/{ref}", associate, "manage_orders", show(s, inPathUnit, procura.TypeOrder)},
		{"POST " + inUnit + "/orders/{ref}", associate, "manage_orders", b2bUpdate(s, inPathUnit, a.UpdateOrder)},
		{"GET " + inUnit + "/company-orders", associate, "manage_orders", s.companyOrders},

		{"GET /{project}/quote-requests", general, "view_quote_requests", s.b2bQuery(seller, a.QueryQuoteRequests)},
		{"POST /{project}/quote-requests", general, "manage_quote_requests", b2bCreate(s, seller, a.CreateQuoteRequest)},
		{"GET /{project}/quote-requests/{ref}", general, "view_quote_requests", show(s, seller, procura.TypeQuoteRequest)},
		{"POST /{project}/quote-requests/{ref}", general, "manage_quote_requests", b2bUpdate(s, seller, a.UpdateQuoteRequest)},
		{"DELETE /{project}/quote-requests/{ref}", general, "manage_quote_requests", remove(s, a.DeleteQuoteRequest)},
		{"GET /{project}/me/quote-requests", customer, "manage_my_quote_requests", s.b2bQuery(me, a.QueryQuoteRequests)},
		{"POST /{project}/me/quote-requests", customer, "manage_my_quote_requests", b2bCreate(s, me, a.CreateQuoteRequest)},
		{"GET /{project}/me/quote-requests/{ref}", customer, "manage_my_quote_requests", show(s, me, procura.TypeQuoteRequest)},
		{"POST /{project}/me/quote-requests/{ref}", customer, "manage_my_quote_requests", b2bUpdate(s, me, a.UpdateQuoteRequest)},
		{"GET " + inUnit + "/quote-requests", associate, "manage_quote_requests", s.b2bQuery(inPathUnit, a.QueryQuoteRequests)},
		{"POST " + inUnit + "/quote-requests", associate, "manage_quote_requests", b2bCreate(s, inPathUnit, a.CreateQuoteRequest)},
		{"GET " + inUnit + "/quote-requests/{ref}", associate, "manage_quote_requests", show(s, inPathUnit, procura.TypeQuoteRequest)},
		{"POST " + inUnit + "/quote-requests/{ref}", associate, "manage_quote_requests", b2bUpdate(s, inPathUnit, a.UpdateQuoteRequest)},

		{"GET /{project}/staged-quotes", general, "view_staged_quotes", s.query(a.QueryStagedQuotes)},
		{"POST /{project}/staged-quotes", general, "manage_staged_quotes", create(s, a.CreateStagedQuote)},
		{"GET /{project}/staged-quotes/{ref}", general, "view_staged_quotes", show(s, seller, procura.TypeStagedQuote)},
		{"POST /{project}/staged-quotes/{ref}", general, "manage_staged_quotes", update(s, a.UpdateStagedQuote)},
		{"DELETE /{project}/staged-quotes/{ref}", general, "manage_staged_quotes", remove(s, a.DeleteStagedQuote)},

		{"GET /{project}/quotes", general, "view_quotes", s.b2bQuery(seller, a.QueryQuotes)},
		{"POST /{project}/quotes", general, "manage_quotes", create(s, a.CreateQuote)},
		{"GET /{project}/quotes/{ref}", general, "view_quotes", show(s, seller, procura.TypeQuote)},
		{"POST /{project}/quotes/{ref}", general, "manage_quotes", b2bUpdate(s, seller, a.UpdateQuote)},
		{"DELETE /{project}/quotes/{ref}", general, "manage_quotes", remove(s, a.DeleteQuote)},
		{"GET /{project}/me/quotes", customer, "manage_my_quotes", s.b2bQuery(me, a.QueryQuotes)},
		{"GET /{project}/me/quotes/{ref}", customer, "manage_my_quotes", show(s, me, procura.TypeQuote)},
		{"POST /{project}/me/quotes/{ref}", customer, "manage_my_quotes", b2bUpdate(s, me, a.UpdateQuote)},
		{"GET " + inUnit + "/quotes", associate, "manage_quotes", s.b2bQuery(inPathUnit, a.QueryQuotes)},
		{"GET " + inUnit + "/quotes/{ref}", associate, "manage_quotes", show(s, inPathUnit, procura.TypeQuote)},
		{"POST " + inUnit + "/quotes/{ref}", associate, "manage_quotes", b2bUpdate(s, inPathUnit, a.UpdateQuote)},

		{"POST /{project}/orders/quotes", general, "manage_quotes", b2bCreate(s, seller, a.CreateOrderFromQuote)},
		{"POST /{project}/me/orders/quotes", customer, "manage_my_quotes", b2bCreate(s, me, a.CreateOrderFromQuote)},
		{"POST " + inUnit + "/orders/quotes", associate, "manage_quotes", b2bCreate(s, inPathUnit, a.CreateOrderFromQuote)},

		{"GET /{project}/approval-rules", general, "view_approval_rules", s.b2bQuery(seller, a.QueryApprovalRules)},
		{"POST /{project}/approval-rules", general, "manage_approval_rules", b2bCreate(s, seller, a.CreateApprovalRule)},
		{"GET /{project}/approval-rules/{ref}", general, "view_approval_rules", b2bGet(s, seller, a.GetApprovalRule)},
		{"POST /{project}/approval-rules/{ref}", general, "manage_approval_rules", b2bUpdate(s, seller, a.UpdateApprovalRule)},
		{"GET " + inUnit + "/approval-rules", associate, "manage_approval_rules", s.b2bQuery(inPathUnit, a.QueryApprovalRules)},
		{"POST " + inUnit + "/approval-rules", associate, "manage_approval_rules", b2bCreate(s, inPathUnit, a.CreateApprovalRule)},
		{"GET " + inUnit + "/approval-rules/{ref}", associate, "manage_approval_rules", b2bGet(s, inPathUnit, a.GetApprovalRule)},
		{"POST " + inUnit + "/approval-rules/{ref}", associate, "manage_approval_rules", b2bUpdate(s, inPathUnit, a.UpdateApprovalRule)},

		{"GET /{project}/approval-flows", general, "view_approval_flows", s.b2bQuery(seller, a.QueryApprovalFlows)},
		{"GET /{project}/approval-flows/{ref}", general, "view_approval_flows", b2bGet(s, seller, a.GetApprovalFlow)},
		{"GET " + inUnit + "/approval-flows", associate, "manage_approval_flows", s.b2bQuery(inPathUnit, a.QueryApprovalFlows)},
		{"GET " + inUnit + "/approval-flows/{ref}", associate, "manage_approval_flows", b2bGet(s, inPathUnit, a.GetApprovalFlow)},
		{"POST " + inUnit + "/approval-flows/{ref}", associate, "manage_approval_flows", b2bUpdate(s, inPathUnit, a.UpdateApprovalFlow)},
	}
}

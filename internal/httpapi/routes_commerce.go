package httpapi

// commerceRoutes lists the catalog, cart and order endpoints: general (the seller), /me and
// as-associate, in that order for each resource.
func (s *Server) commerceRoutes() []route {
	a := s.App
	const inUnit = "/{project}/as-associate/{associate}/in-business-unit/{unit}"
	return []route{
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
		{"GET /{project}/carts/{ref}", general, "view_orders", b2bGet(s, seller, a.GetCart)},
		{"POST /{project}/carts/{ref}", general, "manage_orders", b2bUpdate(s, seller, a.UpdateCart)},
		{"DELETE /{project}/carts/{ref}", general, "manage_orders", b2bRemove(s, seller, a.DeleteCart)},
		{"GET /{project}/me/carts", customer, "manage_my_orders", s.b2bQuery(ownCustomer, a.QueryCarts)},
		{"POST /{project}/me/carts", customer, "manage_my_orders", b2bCreate(s, ownCustomer, a.CreateCart)},
		{"POST /{project}/me/carts/replicate", customer, "manage_my_orders", b2bCreate(s, ownCustomer, a.ReplicateCart)},
		{"GET /{project}/me/carts/{ref}", customer, "manage_my_orders", b2bGet(s, ownCustomer, a.GetCart)},
		{"POST /{project}/me/carts/{ref}", customer, "manage_my_orders", b2bUpdate(s, ownCustomer, a.UpdateCart)},
		{"DELETE /{project}/me/carts/{ref}", customer, "manage_my_orders", b2bRemove(s, ownCustomer, a.DeleteCart)},
		{"GET " + inUnit + "/carts", associate, "manage_orders", s.b2bQuery(inPathUnit, a.QueryCarts)},
		{"POST " + inUnit + "/carts", associate, "manage_orders", b2bCreate(s, inPathUnit, a.CreateCart)},
		{"POST " + inUnit + "/carts/replicate", associate, "manage_orders", b2bCreate(s, inPathUnit, a.ReplicateCart)},
		{"GET " + inUnit + "/carts/{ref}", associate, "manage_orders", b2bGet(s, inPathUnit, a.GetCart)},
		{"POST " + inUnit + "/carts/{ref}", associate, "manage_orders", b2bUpdate(s, inPathUnit, a.UpdateCart)},
		{"DELETE " + inUnit + "/carts/{ref}", associate, "manage_orders", b2bRemove(s, inPathUnit, a.DeleteCart)},

		{"GET /{project}/orders", general, "view_orders", s.b2bQuery(seller, a.QueryOrders)},
		{"POST /{project}/orders", general, "manage_orders", b2bCreate(s, seller, a.CreateOrder)},
		{"GET /{project}/orders/{ref}", general, "view_orders", b2bGet(s, seller, a.GetOrder)},
		{"POST /{project}/orders/{ref}", general, "manage_orders", b2bUpdate(s, seller, a.UpdateOrder)},
		{"DELETE /{project}/orders/{ref}", general, "manage_orders", remove(s, a.DeleteOrder)},
		{"GET /{project}/me/orders", customer, "manage_my_orders", s.b2bQuery(ownCustomer, a.QueryOrders)},
		{"POST /{project}/me/orders", customer, "manage_my_orders", b2bCreate(s, ownCustomer, a.CreateOrder)},
		{"GET /{project}/me/orders/{ref}", customer, "manage_my_orders", b2bGet(s, ownCustomer, a.GetOrder)},
		{"GET " + inUnit + "/orders", associate, "manage_orders", s.b2bQuery(inPathUnit, a.QueryOrders)},
		{"POST " + inUnit + "/orders", associate, "manage_orders", b2bCreate(s, inPathUnit, a.CreateOrder)},
		{"GET " + inUnit + "/orders/{ref}", associate, "manage_orders", b2bGet(s, inPathUnit, a.GetOrder)},
		{"POST " + inUnit + "/orders/{ref}", associate, "manage_orders", b2bUpdate(s, inPathUnit, a.UpdateOrder)},
		{"GET " + inUnit + "/company-orders", associate, "manage_orders", s.companyOrders},

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

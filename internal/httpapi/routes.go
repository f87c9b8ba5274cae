package httpapi

// route is one endpoint: a method and path pattern, the OAuth scope it needs in the path's
// project (view_X for reads; manage_X implies it), and the handler.
type route struct {
	pattern string
	scope   string
	handle  handler
}

// routes lists every endpoint of the API on one screen.
func (s *Server) routes() []route {
	a := s.App
	return []route{
		{"GET /{project}/associate-roles", "view_associate_roles", s.query(a.QueryAssociateRoles)},
		{"POST /{project}/associate-roles", "manage_associate_roles", create(s, a.CreateAssociateRole)},
		{"GET /{project}/associate-roles/{ref}", "view_associate_roles", get(s, a.GetAssociateRole)},
		{"POST /{project}/associate-roles/{ref}", "manage_associate_roles", update(s, a.UpdateAssociateRole)},
		{"DELETE /{project}/associate-roles/{ref}", "manage_associate_roles", remove(s, a.DeleteAssociateRole)},

		{"GET /{project}/stores", "view_stores", s.query(a.QueryStores)},
		{"POST /{project}/stores", "manage_stores", create(s, a.CreateStore)},
		{"GET /{project}/stores/{ref}", "view_stores", get(s, a.GetStore)},
		{"POST /{project}/stores/{ref}", "manage_stores", update(s, a.UpdateStore)},
		{"DELETE /{project}/stores/{ref}", "manage_stores", remove(s, a.DeleteStore)},

		{"GET /{project}/customers", "view_customers", s.query(a.QueryCustomers)},
		{"POST /{project}/customers", "manage_customers", create(s, a.CreateCustomer)},
		{"GET /{project}/customers/{ref}", "view_customers", get(s, a.GetCustomer)},
		{"DELETE /{project}/customers/{ref}", "manage_customers", remove(s, a.DeleteCustomer)},
		{"POST /{project}/login", "manage_customers", s.login},

		{"GET /{project}/business-units", "view_business_units", s.query(a.QueryBusinessUnits)},
		{"POST /{project}/business-units", "manage_business_units", create(s, a.CreateBusinessUnit)},
		{"GET /{project}/business-units/{ref}", "view_business_units", get(s, a.GetBusinessUnit)},
		{"POST /{project}/business-units/{ref}", "manage_business_units", update(s, a.UpdateBusinessUnit)},
		{"DELETE /{project}/business-units/{ref}", "manage_business_units", remove(s, a.DeleteBusinessUnit)},
		{"GET /{project}/business-units/{ref}/associates/{customer}", "view_business_units", s.associateAccess},
	}
}

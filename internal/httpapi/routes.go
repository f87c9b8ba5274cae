package httpapi

import "github.com/procura/procura"

// tokenKind says which token may call a route (the caller kind of buyer routes is their who).
type tokenKind int

const (
	// general routes need the route's scope in the path's project.
	general tokenKind = iota
	// customer routes (/me) need the scope and a customer token (customer_id).
	customer
	// shopper routes (/me/carts, /me/active-cart, /me/shopping-lists) need the scope and a
	// customer token or an anonymous session's token (anonymous_id).
	shopper
	// visitor routes (/me/signup, /me/login) need the scope and a token that is no customer's
	// (an API client's, or an anonymous session's, whose carts the customer then takes over).
	visitor
	// associate routes (/as-associate/{associate}/…) need either an API client token with the
	// route's manage scope (a trusted backend acting for any associate), or a customer token with
	// the matching customer scope (manage_my_orders for manage_orders) whose customer is
	// {associate}.
	associate
)

// route is one endpoint: a method and path pattern, who may call it, the OAuth scope it needs in
// the path's project (view_X for reads; manage_X implies it), and the handler.
type route struct {
	pattern string
	token   tokenKind
	scope   string
	handle  handler
}

// myUnits is the scope of a customer's business-unit routes.
const myUnits = "manage_my_business_units"

// auditLog is the scope of the change history (a Procura extension).
const auditLog = "view_audit_log"

// routes lists every endpoint of the API: the general ones on one screen, and their in-store
// twins.
func (s *Server) routes() []route {
	all := s.generalRoutes()
	return append(all, inStoreRoutes(all)...)
}

// generalRoutes lists the routes outside the in-store paths.
func (s *Server) generalRoutes() []route {
	a := s.App
	return append([]route{
		{"GET /{project}", general, "view_project_settings", s.getProject},
		{"POST /{project}", general, "manage_project_settings", s.updateProject},

		{"GET /{project}/associate-roles", general, "view_associate_roles", s.query(a.QueryAssociateRoles)},
		{"POST /{project}/associate-roles", general, "manage_associate_roles", create(s, a.CreateAssociateRole)},
		{"GET /{project}/associate-roles/{ref}", general, "view_associate_roles", show(s, seller, procura.TypeAssociateRole)},
		{"POST /{project}/associate-roles/{ref}", general, "manage_associate_roles", update(s, a.UpdateAssociateRole)},
		{"DELETE /{project}/associate-roles/{ref}", general, "manage_associate_roles", remove(s, a.DeleteAssociateRole)},

		{"GET /{project}/stores", general, "view_stores", s.query(a.QueryStores)},
		{"POST /{project}/stores", general, "manage_stores", create(s, a.CreateStore)},
		{"GET /{project}/stores/{ref}", general, "view_stores", show(s, seller, procura.TypeStore)},
		{"POST /{project}/stores/{ref}", general, "manage_stores", update(s, a.UpdateStore)},
		{"DELETE /{project}/stores/{ref}", general, "manage_stores", remove(s, a.DeleteStore)},

		{"GET /{project}/customer-groups", general, "view_customer_groups", s.query(a.QueryCustomerGroups)},
		{"POST /{project}/customer-groups", general, "manage_customer_groups", create(s, a.CreateCustomerGroup)},
		{"GET /{project}/customer-groups/{ref}", general, "view_customer_groups", get(s, a.GetCustomerGroup)},
		{"POST /{project}/customer-groups/{ref}", general, "manage_customer_groups", update(s, a.UpdateCustomerGroup)},
		{"DELETE /{project}/customer-groups/{ref}", general, "manage_customer_groups", remove(s, a.DeleteCustomerGroup)},

		{"GET /{project}/types", general, "view_types", s.query(a.QueryTypes)},
		{"POST /{project}/types", general, "manage_types", create(s, a.CreateType)},
		{"GET /{project}/types/{ref}", general, "view_types", get(s, a.GetType)},
		{"POST /{project}/types/{ref}", general, "manage_types", update(s, a.UpdateType)},
		{"DELETE /{project}/types/{ref}", general, "manage_types", remove(s, a.DeleteType)},

		{"GET /{project}/messages", general, "view_messages", s.query(a.QueryMessages)},
		{"GET /{project}/messages/{ref}", general, "view_messages", get(s, a.GetMessage)},
		{"GET /{project}/states", general, "view_states", s.query(a.QueryStates)},
		{"POST /{project}/states", general, "manage_states", create(s, a.CreateState)},
		{"GET /{project}/states/{ref}", general, "view_states", get(s, a.GetState)},
		{"POST /{project}/states/{ref}", general, "manage_states", update(s, a.UpdateState)},
		{"DELETE /{project}/states/{ref}", general, "manage_states", remove(s, a.DeleteState)},

		{"GET /{project}/subscriptions", general, "view_subscriptions", s.query(a.QuerySubscriptions)},
		{"POST /{project}/subscriptions", general, "manage_subscriptions", create(s, a.CreateSubscription)},
		{"POST /{project}/subscriptions/redeliveries", general, "manage_subscriptions", post(s, a.Redeliver)},
		{"GET /{project}/subscriptions/{ref}", general, "view_subscriptions", get(s, a.GetSubscription)},
		{"POST /{project}/subscriptions/{ref}", general, "manage_subscriptions", update(s, a.UpdateSubscription)},
		{"DELETE /{project}/subscriptions/{ref}", general, "manage_subscriptions", remove(s, a.DeleteSubscription)},

		{"GET /{project}/payments", general, "view_payments", s.query(a.QueryPayments)},
		{"POST /{project}/payments", general, "manage_payments", create(s, a.CreatePayment)},
		{"GET /{project}/payments/{ref}", general, "view_payments", get(s, a.GetPayment)},
		{"POST /{project}/payments/{ref}", general, "manage_payments", update(s, a.UpdatePayment)},
		{"DELETE /{project}/payments/{ref}", general, "manage_payments", remove(s, a.DeletePayment)},
		{"GET /{project}/me/payments", customer, "manage_my_payments", s.query(a.QueryPayments)},
		{"POST /{project}/me/payments", customer, "manage_my_payments", create(s, a.CreateMyPayment)},
		{"GET /{project}/me/payments/{ref}", customer, "manage_my_payments", get(s, a.GetPayment)},
		{"POST /{project}/me/payments/{ref}", customer, "manage_my_payments", update(s, a.UpdatePayment)},
		{"DELETE /{project}/me/payments/{ref}", customer, "manage_my_payments", remove(s, a.DeletePayment)},

		{"GET /{project}/customers", general, "view_customers", s.query(a.QueryCustomers)},
		{"POST /{project}/customers", general, "manage_customers", create(s, a.CreateCustomer)},
		{"GET /{project}/customers/{ref}", general, "view_customers", get(s, a.GetCustomer)},
		{"POST /{project}/customers/{ref}", general, "manage_customers", update(s, a.UpdateCustomer)},
		{"DELETE /{project}/customers/{ref}", general, "manage_customers", remove(s, a.DeleteCustomer)},
		{"POST /{project}/customers/email-token", general, "manage_customers", post(s, a.CreateEmailToken)},
		{"POST /{project}/customers/password-token", general, "manage_customers", post(s, a.CreatePasswordToken)},
		{"POST /{project}/customers/password/reset", general, "manage_customers", post(s, a.ResetPassword)},
		{"POST /{project}/customers/password", general, "manage_customers", s.changeCustomerPassword},
		{"POST /{project}/customers/email/confirm", general, "manage_customers", s.confirmEmail(seller)},
		{"POST /{project}/login", general, "manage_customers", s.login(a.Login)},

		{"GET /{project}/business-units", general, "view_business_units", s.query(a.QueryBusinessUnits)},
		{"POST /{project}/business-units", general, "manage_business_units", create(s, a.CreateBusinessUnit)},
		{"GET /{project}/business-units/{ref}", general, "view_business_units", get(s, a.ShowBusinessUnit)},
		{"POST /{project}/business-units/{ref}", general, "manage_business_units", update(s, a.UpdateBusinessUnit)},
		{"DELETE /{project}/business-units/{ref}", general, "manage_business_units", remove(s, a.DeleteBusinessUnit)},
		{"GET /{project}/business-units/{ref}/associates/{customer}", general, "view_business_units", s.associateAccess},

		{"GET /{project}/me", customer, "manage_my_profile", s.getMe},
		{"POST /{project}/me", customer, "manage_my_profile", update(s, mine(a.UpdateMe))},
		{"DELETE /{project}/me", customer, "manage_my_profile", remove(s, mine(a.DeleteMe))},
		{"POST /{project}/me/password", customer, "manage_my_profile", s.changePassword},
		{"POST /{project}/me/password/reset", visitor, "manage_my_profile", post(s, a.ResetPassword)},
		{"POST /{project}/me/email/confirm", customer, "manage_my_profile", s.confirmEmail(me)},
		{"GET /{project}/me/join-requests", customer, "manage_my_profile", s.query(a.QueryMyJoinRequests)},
		{"POST /{project}/me/signup", visitor, "manage_my_profile", create(s, a.SignUp)},
		{"POST /{project}/me/login", visitor, "manage_my_profile", s.login(a.MyLogin)},

		{"GET /{project}/me/companies", customer, myUnits, s.myCompanies},
		{"GET /{project}/me/business-units", customer, myUnits, s.noCustomerExpansion(s.b2bQuery(me, a.QueryAssociateUnits))},
		{"POST /{project}/me/business-units", customer, myUnits, s.noCustomerExpansion(create(s, a.CreateMyBusinessUnit))},
		{"GET /{project}/me/business-units/{ref}", customer, myUnits, s.noCustomerExpansion(b2bGet(s, me, a.GetAssociateUnit))},
		{"POST /{project}/me/business-units/{ref}", customer, myUnits, s.noCustomerExpansion(b2bUpdate(s, me, a.UpdateAssociateUnit))},
		{"POST /{project}/in-business-unit/{unit}/me/customers", customer, myUnits, b2bCreate(s, meInPathUnit, a.CreateColleague)},
		{"GET /{project}/in-business-unit/{unit}/me/join-requests", customer, myUnits, s.b2bQuery(meInPathUnit, a.QueryJoinRequests)},
		{"POST /{project}/in-business-unit/{unit}/me/join-requests/{ref}", customer, myUnits, b2bUpdate(s, meInPathUnit, a.DecideJoinRequest)},

		{"GET /{project}/as-associate/{associate}/business-units", associate, "manage_business_units", s.b2bQuery(asAssociate, a.QueryAssociateUnits)},
		{"POST /{project}/as-associate/{associate}/business-units", associate, "manage_business_units", b2bCreate(s, asAssociate, a.CreateAssociateUnit)},
		{"GET /{project}/as-associate/{associate}/business-units/{ref}", associate, "manage_business_units", b2bGet(s, asAssociate, a.GetAssociateUnit)},
		{"POST /{project}/as-associate/{associate}/business-units/{ref}", associate, "manage_business_units", b2bUpdate(s, asAssociate, a.UpdateAssociateUnit)},
		{"GET /{project}/as-associate/{associate}/in-business-unit/{unit}/join-requests", associate, "manage_business_units", s.b2bQuery(inPathUnit, a.QueryJoinRequests)},
		{"POST /{project}/as-associate/{associate}/in-business-unit/{unit}/join-requests/{ref}", associate, "manage_business_units", b2bUpdate(s, inPathUnit, a.DecideJoinRequest)},

		{"GET /{project}/history", general, auditLog, s.history(seller)},
		{"GET /{project}/history/{typeId}/{id}", general, auditLog, s.history(seller)},
		{"GET /{project}/as-associate/{associate}/in-business-unit/{unit}/history", associate, auditLog, s.history(inPathUnit)},
	}, s.commerceRoutes()...)
}

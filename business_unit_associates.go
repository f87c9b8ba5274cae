package procura

// applyAssociateAction handles the actions that change who acts for the unit.
func (u *BusinessUnit) applyAssociateAction(a businessUnitAction, c Change) (bool, error) {
	switch a.Action {
	case "addAssociate", "changeAssociate":
		if a.Associate == nil {
			return true, RequiredField("associate")
		}
		assoc, err := newAssociate(*a.Associate, c.Lookup)
		if err != nil {
			return true, err
		}
		existing := u.Associate(assoc.Customer.ID)
		switch {
		case a.Action == "changeAssociate" && existing == nil:
			return true, InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", assoc.Customer.ID, u.Key)
		case a.Action == "changeAssociate":
			*existing = assoc
		case existing != nil:
			return true, InvalidOperation("The customer '%s' is already an associate of business unit '%s'; use changeAssociate.", assoc.Customer.ID, u.Key)
		case len(u.Associates) >= MaxAssociatesPerUnit:
			return true, LimitExceeded("business-unit", "A business unit has at most %d associates.", MaxAssociatesPerUnit)
		default:
			u.Associates = append(u.Associates, assoc)
		}
	case "removeAssociate":
		if err := a.Customer.Check("customer", TypeCustomer); err != nil {
			return true, err
		}
		customer, err := c.Lookup.Customer("customer", *a.Customer)
		if err != nil {
			return true, err
		}
		if u.Associate(customer.ID) == nil {
			return true, InvalidOperation("The customer '%s' is not an associate of business unit '%s'.", customer.ID, u.Key)
		}
		u.removeAssociate(customer.ID)
	case "setAssociates":
		if a.Associates == nil {
			return true, RequiredField("associates")
		}
		associates, err := newAssociates(a.Associates, c.Lookup)
		if err != nil {
			return true, err
		}
		u.Associates = associates
	case "changeAssociateMode":
		return true, u.changeAssociateMode(a, c)
	default:
		return false, nil
	}
	return true, nil
}

func (u *BusinessUnit) removeAssociate(customerID string) {
	kept := u.Associates[:0]
	for _, x := range u.Associates {
		if x.Customer.ID != customerID {
			kept = append(kept, x)
		}
	}
	u.Associates = kept
}

// changeAssociateMode switches inheritance of associates; with makeInheritedAssociatesExplicit,
// leaving ExplicitAndFromParent turns the inherited assignments into explicit ones (inheritance
// Enabled, so the unit's own divisions keep them too).
func (u *BusinessUnit) changeAssociateMode(a businessUnitAction, c Change) error {
	var inherited []InheritedAssociate
	if a.MakeInheritedAssociatesExplicit && a.AssociateMode == ModeExplicit && u.AssociateMode == ModeExplicitAndFromParent {
		ancestors, err := c.Lookup.Ancestors(u)
		if err != nil {
			return err
		}
		inherited = InheritedAssociates(append([]*BusinessUnit{u}, ancestors...))
	}
	if err := u.changeMode("associateMode", a.AssociateMode, &u.AssociateMode, ModeExplicitAndFromParent); err != nil {
		return err
	}
	for _, ia := range inherited {
		u.makeExplicit(ia)
	}
	if len(u.Associates) > MaxAssociatesPerUnit {
		return LimitExceeded("business-unit", "A business unit has at most %d associates.", MaxAssociatesPerUnit)
	}
	return nil
}

func (u *BusinessUnit) makeExplicit(ia InheritedAssociate) {
	u.IndexAssociates()
	existing := u.Associate(ia.Customer.ID)
	if existing == nil {
		u.Associates = append(u.Associates, Associate{Customer: Reference{TypeID: TypeCustomer, ID: ia.Customer.ID}, AssociateRoleAssignments: []AssociateRoleAssignment{}})
		existing = &u.Associates[len(u.Associates)-1]
	}
	for _, ra := range ia.AssociateRoleAssignments {
		if len(existing.AssociateRoleAssignments) >= MaxAssignmentsByAssociate || existing.hasRole(ra.AssociateRole.Key) {
			continue
		}
		existing.AssociateRoleAssignments = append(existing.AssociateRoleAssignments,
			AssociateRoleAssignment{AssociateRole: ra.AssociateRole, Inheritance: InheritanceEnabled})
	}
}

func (a *Associate) hasRole(key string) bool {
	for _, ra := range a.AssociateRoleAssignments {
		if ra.AssociateRole.Key == key {
			return true
		}
	}
	return false
}

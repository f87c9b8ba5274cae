package procura

// changeStores applies addStore, removeStore or setStores to the store list of a business unit, a
// customer, a shipping method or a cart discount (owner names it in errors): adding a store twice keeps one, removing one that is not
// there is an InvalidOperation.
func changeStores(action string, store *ResourceIdentifier, stores []ResourceIdentifier, list *[]KeyReference, l Lookup, owner string) error {
	if action == "setStores" {
		refs, err := resolveStores("stores", stores, l)
		if err == nil {
			*list = refs
		}
		return err
	}
	if store == nil {
		return RequiredField("store")
	}
	refs, err := resolveStores("store", []ResourceIdentifier{*store}, l)
	if err != nil {
		return err
	}
	i := indexOfKey(*list, refs[0].Key)
	switch {
	case action == "addStore" && i < 0:
		*list = append(*list, refs[0])
	case action == "removeStore" && i >= 0:
		*list = append((*list)[:i], (*list)[i+1:]...)
	case action == "removeStore":
		return InvalidOperation("The store '%s' is not one of the stores of %s.", refs[0].Key, owner)
	}
	return nil
}

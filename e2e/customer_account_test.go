package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// A customer's account as storefronts keep it: the sign-up draft with addresses, defaults,
// birthday and locale, the address-book actions, and which of them a customer's own token may
// use.
func TestCustomerAccounts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		res, err := w.c.Customers().Post(platform.CustomerDraft{
			Email: emailOf("eve"), Password: ptr(passwordOf("eve")), DateOfBirth: ptr(platform.Date{Year: 1990, Month: 4, Day: 2}), Locale: ptr("de-DE"),
			Addresses:              []platform.BaseAddress{{Key: ptr("home"), Country: "DE", City: ptr("Berlin")}, {Key: ptr("office"), Country: "DE", City: ptr("Bonn")}},
			DefaultShippingAddress: ptr(1), BillingAddresses: []int{0}, DefaultBillingAddress: ptr(0),
		}).Execute(ctx)
		if err != nil {
			t.Fatalf("sign up with addresses: %v", err)
		}
		eve := res.Customer
		w.ids["eve"] = eve.ID
		home, office := eve.Addresses[0].ID, eve.Addresses[1].ID
		if deref(eve.DefaultShippingAddressId) != *office || deref(eve.DefaultBillingAddressId) != *home ||
			len(eve.ShippingAddressIds) != 1 || len(eve.BillingAddressIds) != 1 || deref(eve.Locale) != "de-DE" ||
			eve.DateOfBirth == nil || *eve.DateOfBirth != (platform.Date{Year: 1990, Month: 4, Day: 2}) || eve.CustomerGroupAssignments == nil {
			t.Fatalf("the new customer: %+v", eve)
		}

		cu, err := w.c.Customers().WithId(eve.ID).Post(platform.CustomerUpdate{Version: eve.Version, Actions: []platform.CustomerUpdateAction{
			platform.CustomerChangeAddressAction{AddressId: office, Address: platform.BaseAddress{Key: ptr("office"), Country: "AT", City: ptr("Wien")}},
			platform.CustomerSetDefaultShippingAddressAction{AddressKey: ptr("home")},
			platform.CustomerSetDefaultBillingAddressAction{},
			platform.CustomerSetDateOfBirthAction{DateOfBirth: ptr(platform.Date{Year: 1991, Month: 5, Day: 3})},
			platform.CustomerSetLocaleAction{Locale: ptr("en")},
			platform.CustomerSetCustomerNumberAction{CustomerNumber: ptr("C-1")},
			platform.CustomerSetExternalIdAction{ExternalId: ptr("crm-7")},
		}}).Execute(ctx)
		if err != nil {
			t.Fatalf("address book actions: %v", err)
		}
		if cu.Addresses[1].Country != "AT" || deref(cu.DefaultShippingAddressId) != *home || cu.DefaultBillingAddressId != nil ||
			*cu.DateOfBirth != (platform.Date{Year: 1991, Month: 5, Day: 3}) || deref(cu.Locale) != "en" || deref(cu.CustomerNumber) != "C-1" || deref(cu.ExternalId) != "crm-7" {
			t.Fatalf("after the actions: %+v", cu)
		}

		t.Run("refused", func(t *testing.T) {
			for _, c := range []struct{ what, body, code string }{
				{"a customer number twice", `{"action":"setCustomerNumber","customerNumber":"C-2"}`, "InvalidOperation"},
				{"a birthday that is no date", `{"action":"setDateOfBirth","dateOfBirth":"1991-13-40"}`, "InvalidField"},
				{"a locale that is no language tag", `{"action":"setLocale","locale":"German"}`, "InvalidField"},
				{"a default that is no address", `{"action":"setDefaultShippingAddress","addressId":"nope"}`, "InvalidInput"},
			} {
				r := s.do(t, http.MethodPost, w.path("/customers/"+eve.ID), w.admin, []byte(`{"version":`+strconv.Itoa(cu.Version)+`,"actions":[`+c.body+`]}`))
				expectErrorCode(t, r, c.code, http.StatusBadRequest)
			}
			r := s.do(t, http.MethodPost, w.path("/customers"), w.admin, []byte(`{"email":"x@y.example","password":"Secret-x-123","authenticationMode":"ExternalAuth"}`))
			e := expectErrorCode(t, r, "InvalidField", http.StatusBadRequest)
			if !strings.Contains(clip(r.body), "external authentication") || e["field"] != "authenticationMode" {
				t.Errorf("a draft with external authentication: %s, want an InvalidField naming the feature", clip(r.body))
			}
			// A draft naming a store or an anonymous cart that does not exist creates no customer.
			r = s.do(t, http.MethodPost, w.path("/customers"), w.admin, []byte(`{"email":"x@y.example","password":"Secret-x-123","stores":[{"typeId":"store","key":"nope"}]}`))
			expectErrorCode(t, r, "ReferencedResourceNotFound", http.StatusBadRequest)
			r = s.do(t, http.MethodPost, w.path("/customers"), w.admin, []byte(`{"email":"x@y.example","password":"Secret-x-123","anonymousCart":{"typeId":"cart","id":"c"}}`))
			expectErrorCode(t, r, "ReferencedResourceNotFound", http.StatusBadRequest)
			if _, ok := w.customerByEmail(t, "x@y.example"); ok {
				t.Errorf("a refused draft created its customer")
			}
		})

		t.Run("a customer's own token has the MyCustomer actions only", func(t *testing.T) {
			tok := w.login(t, "eve", nil)
			me := func(body string) response {
				cur := s.getJSON(t, w.path("/me"), tok.AccessToken)
				return s.do(t, http.MethodPost, w.path("/me"), tok.AccessToken, []byte(`{"version":`+strconv.Itoa(version(t, cur))+`,"actions":[`+body+`]}`))
			}
			if r := me(`{"action":"setDefaultShippingAddress","addressKey":"office"},{"action":"setLocale","locale":"fr"}`); r.status != http.StatusOK {
				t.Fatalf("/me address and locale: %d %s", r.status, clip(r.body))
			}
			for _, denied := range []string{`{"action":"setKey","key":"mine"}`, `{"action":"setCustomerNumber","customerNumber":"C-9"}`,
				`{"action":"setExternalId","externalId":"x"}`} {
				expectErrorCode(t, me(denied), "InvalidJsonInput", http.StatusBadRequest)
			}
			if got := s.getJSON(t, w.path("/customers/"+eve.ID), w.admin); got["key"] != nil || got["externalId"] != "crm-7" || got["locale"] != "fr" {
				t.Errorf("after /me: %v", got)
			}
		})
	})
}

package e2e

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The SDK returns a single Business Unit as *platform.BusinessUnit, an empty interface that holds
// the decoded JSON map (only paged query results are mapped to Company/Division). These helpers
// re-decode it into the typed structs, checking the unitType discriminator on the way.

func unitType(t *testing.T, bu any) string {
	t.Helper()
	if p, ok := bu.(*platform.BusinessUnit); ok {
		if p == nil {
			t.Fatal("nil business unit")
		}
		bu = *p
	}
	switch v := bu.(type) {
	case platform.Company:
		return "Company"
	case platform.Division:
		return "Division"
	case map[string]any:
		s, _ := v["unitType"].(string)
		return s
	}
	t.Fatalf("unexpected business unit value %T", bu)
	return ""
}

func redecode(t *testing.T, from, to any) {
	t.Helper()
	if p, ok := from.(*platform.BusinessUnit); ok {
		from = *p
	}
	b, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, to); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}

func asCompany(t *testing.T, bu any) platform.Company {
	t.Helper()
	if got := unitType(t, bu); got != "Company" {
		t.Fatalf("unitType = %q, want Company", got)
	}
	var c platform.Company
	redecode(t, bu, &c)
	return c
}

func asDivision(t *testing.T, bu any) platform.Division {
	t.Helper()
	if got := unitType(t, bu); got != "Division" {
		t.Fatalf("unitType = %q, want Division", got)
	}
	var d platform.Division
	redecode(t, bu, &d)
	return d
}

// buKeyVersion reads key and version of any business unit value the SDK returns.
func buKeyVersion(t *testing.T, bu any) (string, int) {
	t.Helper()
	var v struct {
		Key     string `json:"key"`
		Version int    `json:"version"`
	}
	redecode(t, bu, &v)
	return v.Key, v.Version
}

// sdkError requires err to be the SDK's platform.ErrorResponse with the given status and returns it.
func sdkError(t *testing.T, err error, status int) platform.ErrorResponse {
	t.Helper()
	if err == nil {
		t.Fatalf("request succeeded, want an error with status %d", status)
	}
	var er platform.ErrorResponse
	if !errors.As(err, &er) {
		var ge platform.GenericRequestError
		if errors.As(err, &ge) {
			t.Fatalf("got status %d (%s), want %d", ge.StatusCode, clip(ge.Content), status)
		}
		t.Fatalf("got error %T %v, want platform.ErrorResponse with status %d", err, err, status)
	}
	if er.StatusCode != status {
		t.Fatalf("ErrorResponse.StatusCode = %d, want %d (%+v)", er.StatusCode, status, er)
	}
	if len(er.Errors) == 0 {
		t.Fatalf("ErrorResponse has no errors: %+v", er)
	}
	return er
}

func permSet(ps []platform.Permission) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	slices.Sort(out)
	return out
}

func samePerms(t *testing.T, what string, got, want []platform.Permission) {
	t.Helper()
	g, w := permSet(got), permSet(want)
	if !slices.Equal(g, w) {
		t.Errorf("%s permissions = %v, want %v", what, g, w)
	}
}

func storeKeys(refs []platform.StoreKeyReference) []string {
	out := []string{}
	for _, r := range refs {
		out = append(out, r.Key)
	}
	return out
}

func sortedKeys(t *testing.T, results []platform.BusinessUnit) []string {
	t.Helper()
	out := []string{}
	for _, r := range results {
		k, _ := buKeyVersion(t, r)
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

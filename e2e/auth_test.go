package e2e

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
	"golang.org/x/oauth2"
)

// TestAuth checks requests without a valid token, with a token of another project, and the
// token endpoint's answer to a wrong secret.
func TestAuth(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		tok := s.token(t, s.admin)
		list := "/" + s.project + "/business-units"
		count := func(t *testing.T, path, token string) float64 {
			t.Helper()
			n, ok := s.getJSON(t, path, token)["count"].(float64)
			if !ok {
				t.Fatalf("GET %s: no count", path)
			}
			return n
		}

		t.Run("no token", func(t *testing.T) {
			r := s.do(t, http.MethodGet, list, "", nil)
			expectErrorCode(t, r, "invalid_token", http.StatusUnauthorized)
			r = s.do(t, http.MethodPost, list, "", []byte(`{"unitType":"Company","key":"anon","name":"Anon"}`))
			expectErrorCode(t, r, "invalid_token", http.StatusUnauthorized)
			if n := count(t, list, tok); n != 0 {
				t.Errorf("%v business units after unauthenticated create, want 0", n)
			}
		})

		t.Run("no token through the SDK", func(t *testing.T) {
			client, err := platform.NewClient(&platform.ClientConfig{URL: s.base, HTTPClient: &http.Client{}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = client.WithProjectKey(s.project).BusinessUnits().Get().Execute(ctx)
			er := sdkError(t, err, 401)
			if _, ok := er.Errors[0].(platform.InvalidTokenError); !ok {
				t.Errorf("errors[0] is %T %+v, want platform.InvalidTokenError", er.Errors[0], er.Errors[0])
			}
		})

		t.Run("garbage token", func(t *testing.T) {
			r := s.do(t, http.MethodGet, list, "not-a-token-"+tok, nil)
			expectErrorCode(t, r, "invalid_token", http.StatusUnauthorized)
		})

		t.Run("wrong client secret", func(t *testing.T) {
			bad := s.admin
			bad.Secret += "-wrong"
			_, err := s.oauthConfig(bad).Token(ctx)
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Fatalf("token with a wrong secret: err %T %v, want *oauth2.RetrieveError", err, err)
			}
			if re.Response.StatusCode != http.StatusUnauthorized || re.ErrorCode != "invalid_client" {
				t.Errorf("token with a wrong secret: status %d error %q, want 401 invalid_client; body %s",
					re.Response.StatusCode, re.ErrorCode, clip(re.Body))
			}
		})

		t.Run("token of another project", func(t *testing.T) {
			var other struct {
				Key string `json:"key"`
			}
			s.cliJSON(t, &other, "project", "create", "other-shop")
			if other.Key != "other-shop" {
				t.Fatalf("project create printed key %q", other.Key)
			}
			otherTok := s.token(t, s.newAPIClient(t, "other-shop", "manage_project:other-shop"))
			otherList := "/other-shop/business-units"

			r := s.do(t, http.MethodPost, otherList, tok, []byte(`{"unitType":"Company","key":"intruder","name":"Intruder"}`))
			expectError(t, r, http.StatusForbidden, http.StatusUnauthorized)
			r = s.do(t, http.MethodGet, otherList, tok, nil)
			expectError(t, r, http.StatusForbidden, http.StatusUnauthorized)
			r = s.do(t, http.MethodGet, otherList+"/key=intruder", tok, nil)
			expectError(t, r, http.StatusForbidden, http.StatusUnauthorized)

			if n := count(t, otherList, otherTok); n != 0 {
				t.Errorf("other-shop has %v business units after a foreign token's create, want 0", n)
			}
			if n := count(t, list, tok); n != 0 {
				t.Errorf("%s has %v business units, want 0", s.project, n)
			}
			// And the other way round: the other project's token cannot read this one.
			r = s.do(t, http.MethodGet, list, otherTok, nil)
			expectError(t, r, http.StatusForbidden, http.StatusUnauthorized)
		})
	})
}

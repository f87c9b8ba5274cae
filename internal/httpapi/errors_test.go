package httpapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
)

// TestWriteErrorShapes pins the wire shape of the token endpoints' errors and of the limits'
// answers: status, body and headers.
func TestWriteErrorShapes(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		status     int
		body       string
		retryAfter string
	}{
		{"invalid_client", procura.OAuthError(procura.CodeInvalidClient, "D."), 401,
			`{"statusCode":401,"message":"D.","errors":[{"code":"invalid_client","message":"D."}],"error":"invalid_client","error_description":"D."}`, ""},
		{"invalid_grant", procura.OAuthError(procura.CodeInvalidGrant, "G."), 400,
			`{"statusCode":400,"message":"G.","errors":[{"code":"invalid_grant","message":"G."}],"error":"invalid_grant","error_description":"G."}`, ""},
		{"invalid_customer_account_credentials", procura.OAuthError(procura.CodeInvalidCustomerCredentials, "C."), 400,
			`{"statusCode":400,"message":"C.","errors":[{"code":"invalid_customer_account_credentials","message":"C."}],"error":"invalid_customer_account_credentials","error_description":"C."}`, ""},
		{"invalid_request", procura.OAuthError(procura.CodeInvalidRequest, "R."), 400,
			`{"statusCode":400,"message":"R.","errors":[{"code":"invalid_request","message":"R."}],"error":"invalid_request","error_description":"R."}`, ""},
		{"TooManyRequests", procura.TooManyRequests(1500*time.Millisecond, "Wait."), 429,
			`{"statusCode":429,"message":"Wait.","errors":[{"code":"TooManyRequests","message":"Wait."}]}`, "2"},
		{"ServiceUnavailable", procura.ServiceUnavailable(time.Second, "Busy."), 503,
			`{"statusCode":503,"message":"Busy.","errors":[{"code":"ServiceUnavailable","message":"Busy."}]}`, "1"},
		{"InvalidInput has no OAuth fields", procura.InvalidInput("Bad."), 400,
			`{"statusCode":400,"message":"Bad.","errors":[{"code":"InvalidInput","message":"Bad."}]}`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			WriteError(w, httptest.NewRequest(http.MethodPost, "/oauth/token", nil), slog.New(slog.NewTextHandler(io.Discard, nil)), tc.err)
			if w.Code != tc.status || strings.TrimSpace(w.Body.String()) != tc.body || w.Header().Get("Retry-After") != tc.retryAfter {
				t.Errorf("got %d %s Retry-After %q; want %d %s Retry-After %q", w.Code, w.Body, w.Header().Get("Retry-After"), tc.status, tc.body, tc.retryAfter)
			}
		})
	}
}

// TestEveryCodeHasAStatus: each error code of the root package maps to a status here (General
// is the 500 of anything unmapped).
func TestEveryCodeHasAStatus(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../../error.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			for i, name := range v.Names {
				lit, ok := v.Values[i].(*ast.BasicLit)
				if !ok || !strings.HasPrefix(name.Name, "Code") || name.Name == "CodeInternal" {
					continue
				}
				n++
				if _, ok := statusOf[strings.Trim(lit.Value, `"`)]; !ok {
					t.Errorf("%s (%s) has no status in statusOf", name.Name, lit.Value)
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("found %d codes in error.go; the test reads it wrongly", n)
	}
}

package httpapi

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"github.com/procura/procura"
)

// statusOf maps each error code to its HTTP status.
var statusOf = map[string]int{
	procura.CodeInvalidJSONInput:                http.StatusBadRequest,
	procura.CodeInvalidInput:                    http.StatusBadRequest,
	procura.CodeInvalidField:                    http.StatusBadRequest,
	procura.CodeRequiredField:                   http.StatusBadRequest,
	procura.CodeDuplicateField:                  http.StatusBadRequest,
	procura.CodeReferencedResourceNotFound:      http.StatusBadRequest,
	procura.CodeInvalidOperation:                http.StatusBadRequest,
	procura.CodeMaxResourceLimitExceeded:        http.StatusBadRequest,
	procura.CodeReferenceExists:                 http.StatusBadRequest,
	procura.CodeInvalidCredentials:              http.StatusBadRequest,
	procura.CodeMatchingPriceNotFound:           http.StatusBadRequest,
	procura.CodeAttributeNameDoesNotExist:       http.StatusBadRequest,
	procura.CodeDuplicateAttributeValue:         http.StatusBadRequest,
	procura.CodeDuplicateAttributeValues:        http.StatusBadRequest,
	procura.CodeDuplicatePriceScope:             http.StatusBadRequest,
	procura.CodeDuplicatePriceKey:               http.StatusBadRequest,
	procura.CodeAttributeDefinitionTypeConflict: http.StatusBadRequest,
	procura.CodeResourceNotFound:                http.StatusNotFound,
	procura.CodeDiscountCodeNonApplicable:       http.StatusBadRequest,
	procura.CodeConcurrentModification:          http.StatusConflict,
	procura.CodeAssociateMissingPermission:      http.StatusForbidden,
	procura.CodeInsufficientScope:               http.StatusForbidden,
	procura.CodeInvalidToken:                    http.StatusUnauthorized,
	procura.CodeMethodNotAllowed:                http.StatusMethodNotAllowed,
	procura.CodeInvalidClient:                   http.StatusUnauthorized,
	procura.CodeInvalidRequest:                  http.StatusBadRequest,
	procura.CodeInvalidScope:                    http.StatusBadRequest,
	procura.CodeUnsupportedGrantType:            http.StatusBadRequest,
	procura.CodeInvalidGrant:                    http.StatusBadRequest,
	procura.CodeInvalidCustomerCredentials:      http.StatusBadRequest,
	procura.CodeTooManyRequests:                 http.StatusTooManyRequests,
	procura.CodeServiceUnavailable:              http.StatusServiceUnavailable,
	codeTooLarge:                                http.StatusRequestEntityTooLarge,
	codeUnauthorized:                            http.StatusForbidden,
}

// tokenEndpointCodes are the OAuth codes of the token endpoints: their answers also carry
// "error" and "error_description" (RFC 6749 §5.2).
var tokenEndpointCodes = map[string]bool{
	procura.CodeInvalidClient: true, procura.CodeInvalidRequest: true, procura.CodeInvalidScope: true,
	procura.CodeUnsupportedGrantType: true, procura.CodeInvalidGrant: true, procura.CodeInvalidCustomerCredentials: true,
}

const (
	codeTooLarge     = "RequestEntityTooLarge"
	codeUnauthorized = "Unauthorized"
)

// errorBody is the commercetools ErrorResponse; OAuth-style errors also carry "error".
type errorBody struct {
	StatusCode int              `json:"statusCode"`
	Message    string           `json:"message"`
	Errors     []map[string]any `json:"errors"`
	OAuthError string           `json:"error,omitempty"`
	OAuthDesc  string           `json:"error_description,omitempty"`
}

// Status is the HTTP status the API answers err with: 500 for an error that is not a
// *procura.Error or has no status of its own.
func Status(err error) int {
	var pe *procura.Error
	if !errors.As(err, &pe) {
		return http.StatusInternalServerError
	}
	if status, ok := statusOf[pe.Code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// WriteError answers err in the ErrorResponse shape. An error that is not a *procura.Error is an
// internal one: it is logged with the request id and answered as a generic 500.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var pe *procura.Error
	if !errors.As(err, &pe) {
		id := requestID(r)
		log.Error("internal error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		pe = &procura.Error{Code: procura.CodeInternal, Message: "Internal error (request " + id + ")."}
	}
	status := Status(pe)
	item := map[string]any{"code": pe.Code, "message": pe.Message}
	for k, v := range pe.Fields {
		item[k] = v
	}
	body := errorBody{StatusCode: status, Message: pe.Message, Errors: []map[string]any{item}}
	switch {
	case pe.Code == procura.CodeInvalidToken || pe.Code == procura.CodeInsufficientScope:
		body.OAuthError = pe.Code
		w.Header().Set("WWW-Authenticate", `Bearer error="`+pe.Code+`"`)
	case tokenEndpointCodes[pe.Code]:
		body.OAuthError, body.OAuthDesc = pe.Code, pe.Message
	}
	if pe.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(pe.RetryAfter.Seconds()))))
	}
	WriteJSON(w, status, body)
}

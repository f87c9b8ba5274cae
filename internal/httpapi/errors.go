package httpapi

import (
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// statusOf maps each error code to its HTTP status.
var statusOf = map[string]int{
	procura.CodeInvalidJSONInput:           http.StatusBadRequest,
	procura.CodeInvalidInput:               http.StatusBadRequest,
	procura.CodeInvalidField:               http.StatusBadRequest,
	procura.CodeRequiredField:              http.StatusBadRequest,
	procura.CodeDuplicateField:             http.StatusBadRequest,
	procura.CodeReferencedResourceNotFound: http.StatusBadRequest,
	procura.CodeInvalidOperation:           http.StatusBadRequest,
	procura.CodeMaxResourceLimitExceeded:   http.StatusBadRequest,
	procura.CodeReferenceExists:            http.StatusBadRequest,
	procura.CodeInvalidCredentials:         http.StatusBadRequest,
	procura.CodeMatchingPriceNotFound:      http.StatusBadRequest,
	procura.CodeResourceNotFound:           http.StatusNotFound,
	procura.CodeConcurrentModification:     http.StatusConflict,
	procura.CodeAssociateMissingPermission: http.StatusForbidden,
	procura.CodeInsufficientScope:          http.StatusForbidden,
	procura.CodeInvalidToken:               http.StatusUnauthorized,
	procura.CodeMethodNotAllowed:           http.StatusMethodNotAllowed,
	codeTooLarge:                           http.StatusRequestEntityTooLarge,
	codeUnauthorized:                       http.StatusForbidden,
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

// WriteError answers err in the ErrorResponse shape. An error that is not a *procura.Error is an
// internal one: it is logged with the request id and answered as a generic 500.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var pe *procura.Error
	var oe *app.OAuthError
	var tooMany *app.TooManyAttempts
	switch {
	case errors.As(err, &tooMany):
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(tooMany.RetryAfter.Seconds()))))
		WriteJSON(w, http.StatusTooManyRequests, errorBody{StatusCode: http.StatusTooManyRequests, Message: tooMany.Error(),
			Errors: []map[string]any{{"code": "TooManyRequests", "message": tooMany.Error()}}})
		return
	case errors.As(err, &oe):
		WriteJSON(w, oe.Status, errorBody{StatusCode: oe.Status, Message: oe.Desc, OAuthError: oe.Code, OAuthDesc: oe.Desc,
			Errors: []map[string]any{{"code": oe.Code, "message": oe.Desc}}})
		return
	case errors.As(err, &pe):
	default:
		id := requestID(r)
		log.Error("internal error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		pe = &procura.Error{Code: procura.CodeInternal, Message: "Internal error (request " + id + ")."}
	}
	status, ok := statusOf[pe.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	item := map[string]any{"code": pe.Code, "message": pe.Message}
	for k, v := range pe.Fields {
		item[k] = v
	}
	body := errorBody{StatusCode: status, Message: pe.Message, Errors: []map[string]any{item}}
	if pe.Code == procura.CodeInvalidToken || pe.Code == procura.CodeInsufficientScope {
		body.OAuthError = pe.Code
		w.Header().Set("WWW-Authenticate", `Bearer error="`+pe.Code+`"`)
	}
	WriteJSON(w, status, body)
}

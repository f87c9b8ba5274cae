package procura

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Error codes: the commercetools error codes Procura answers with. The HTTP layer maps each code
// to its status (see internal/httpapi/errors.go).
const (
	CodeInvalidJSONInput                = "InvalidJsonInput"
	CodeInvalidInput                    = "InvalidInput"
	CodeInvalidField                    = "InvalidField"
	CodeRequiredField                   = "RequiredField"
	CodeDuplicateField                  = "DuplicateField"
	CodeReferencedResourceNotFound      = "ReferencedResourceNotFound"
	CodeResourceNotFound                = "ResourceNotFound"
	CodeConcurrentModification          = "ConcurrentModification"
	CodeInvalidOperation                = "InvalidOperation"
	CodeMaxResourceLimitExceeded        = "MaxResourceLimitExceeded"
	CodeReferenceExists                 = "ReferenceExists"
	CodeInvalidCredentials              = "InvalidCredentials"
	CodeMatchingPriceNotFound           = "MatchingPriceNotFound"
	CodeAttributeNameDoesNotExist       = "AttributeNameDoesNotExist"
	CodeDuplicateAttributeValue         = "DuplicateAttributeValue"
	CodeDuplicateAttributeValues        = "DuplicateAttributeValues"
	CodeDuplicatePriceScope             = "DuplicatePriceScope"
	CodeDuplicatePriceKey               = "DuplicatePriceKey"
	CodeAttributeDefinitionTypeConflict = "AttributeDefinitionTypeConflict"
	CodeAssociateMissingPermission      = "AssociateMissingPermission"
	CodeDiscountCodeNonApplicable       = "DiscountCodeNonApplicable"
	CodeInsufficientScope               = "insufficient_scope"
	CodeInvalidToken                    = "invalid_token"
	CodeInvalidClient                   = "invalid_client"
	CodeInvalidRequest                  = "invalid_request"
	CodeInvalidScope                    = "invalid_scope"
	CodeUnsupportedGrantType            = "unsupported_grant_type"
	CodeInvalidGrant                    = "invalid_grant"
	// CodeInvalidCustomerCredentials: the password grant's wrong email or password.
	CodeInvalidCustomerCredentials = "invalid_customer_account_credentials"
	CodeTooManyRequests            = "TooManyRequests"
	CodeServiceUnavailable         = "ServiceUnavailable"
	CodeMethodNotAllowed           = "MethodNotAllowed"
	CodeInternal                   = "General"
)

// Error is the one error type of the domain: a code from the list above, a message for people,
// and the extra fields the reference API puts beside the code (field, invalidValue, ...).
// RetryAfter, when set, is how long the caller should wait before trying again.
type Error struct {
	Code       string
	Message    string
	Fields     map[string]any
	RetryAfter time.Duration

	jsonPath, jsonDetail string // of a shape error (strict_json.go)
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the code of err if it is (or wraps) an *Error, else CodeInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

func newError(code, msg string, kv ...any) *Error {
	e := &Error{Code: code, Message: msg}
	if len(kv) > 0 {
		e.Fields = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			e.Fields[kv[i].(string)] = kv[i+1]
		}
	}
	return e
}

// InvalidJSON reports a body that is not valid JSON or not of the expected shape.
func InvalidJSON(detail string) *Error {
	return newError(CodeInvalidJSONInput, "Request body does not contain valid JSON.", "detailedErrorMessage", detail)
}

// InvalidInput reports a malformed value.
func InvalidInput(format string, args ...any) *Error {
	return newError(CodeInvalidInput, fmt.Sprintf(format, args...))
}

// InvalidField reports a value outside what a field allows.
func InvalidField(field string, value any, allowed ...string) *Error {
	msg := fmt.Sprintf("The value '%v' is not valid for field '%s'.", value, field)
	e := newError(CodeInvalidField, msg, "field", field, "invalidValue", value)
	if len(allowed) > 0 {
		if len(allowed) <= 10 {
			e.Message = fmt.Sprintf("%s Allowed values are: %s.", msg, strings.Join(allowed, ", "))
		}
		e.Fields["allowedValues"] = allowed
	}
	return e
}

// Unsupported reports a value given for a field of a feature Procura does not have yet, as an
// InvalidField that names the feature.
func Unsupported(field string, value any, feature string) *Error {
	e := InvalidField(field, value)
	e.Message = "The field '" + field + "' needs " + feature + ", which Procura does not have yet."
	return e
}

// RequiredField reports a missing field.
func RequiredField(field string) *Error {
	return newError(CodeRequiredField, fmt.Sprintf("A value is required for field %s.", field), "field", field)
}

// DuplicateField reports a value that must be unique and is taken.
func DuplicateField(field string, value any) *Error {
	return newError(CodeDuplicateField, fmt.Sprintf("A duplicate value '%v' exists for field '%s'.", value, field),
		"field", field, "duplicateValue", value)
}

// ReferencedNotFound reports a reference to a resource that does not exist.
func ReferencedNotFound(typeID, id, key string) *Error {
	e := newError(CodeReferencedResourceNotFound, "", "typeId", typeID)
	if key != "" {
		e.Fields["key"] = key
		e.Message = fmt.Sprintf("The referenced object of type '%s' with key '%s' was not found. It either doesn't exist, or it can't be accessed from this endpoint.", typeID, key)
	} else {
		e.Fields["id"] = id
		e.Message = fmt.Sprintf("The referenced object of type '%s' with id '%s' was not found. It either doesn't exist, or it can't be accessed from this endpoint.", typeID, id)
	}
	return e
}

// NotFound reports a resource that does not exist (or that the caller may not see).
func NotFound(idOrKey string) *Error {
	return newError(CodeResourceNotFound, fmt.Sprintf("The Resource with ID '%s' was not found.", idOrKey))
}

// ConcurrentModification reports an update against a stale version.
func ConcurrentModification(id string, expected, current int64) *Error {
	return newError(CodeConcurrentModification,
		fmt.Sprintf("Object %s has a different version than expected. Expected: %d - Actual: %d.", id, expected, current),
		"currentVersion", current)
}

// TreeChangedWhileRead reports business units that do not link up into a tree: read by different
// statements of one request while units moved (no stored tree loops or is too deep, since the
// writes that move units check both). Reading them again finds the tree as it is now.
func TreeChangedWhileRead(key string) *Error {
	return newError(CodeConcurrentModification,
		fmt.Sprintf("The business units above '%s' changed while they were read. Try again.", key))
}

// InvalidOperation reports an action that the resource's state does not allow.
func InvalidOperation(format string, args ...any) *Error {
	return newError(CodeInvalidOperation, fmt.Sprintf(format, args...))
}

// LimitExceeded reports a limit of the system being reached.
func LimitExceeded(resource, format string, args ...any) *Error {
	return newError(CodeMaxResourceLimitExceeded, fmt.Sprintf(format, args...), "exceededResource", resource)
}

// ReferenceExists reports a delete of a resource that others still reference.
func ReferenceExists(referencedBy, format string, args ...any) *Error {
	return newError(CodeReferenceExists, fmt.Sprintf(format, args...), "referencedBy", referencedBy)
}

// InvalidCredentials reports a failed customer sign-in.
func InvalidCredentials() *Error {
	return newError(CodeInvalidCredentials, "Account with the given credentials not found.")
}

// InsufficientScope reports a token that lacks every one of the scopes an endpoint accepts.
func InsufficientScope(scopes ...string) *Error {
	return newError(CodeInsufficientScope, "Insufficient scope. One of the following scopes is missing: "+strings.Join(scopes, ", "))
}

// Forbidden reports a token that may not make this request, with code insufficient_scope.
func Forbidden(format string, args ...any) *Error {
	return newError(CodeInsufficientScope, fmt.Sprintf(format, args...))
}

// OAuthError reports an error of the OAuth token endpoints (RFC 6749 §5.2): code is one of the
// OAuth codes above (invalid_client, invalid_grant, ...) and desc its description.
func OAuthError(code, desc string) *Error { return newError(code, desc) }

// TooManyRequests reports a locked account or client address, which may try again after wait.
func TooManyRequests(wait time.Duration, format string, args ...any) *Error {
	e := newError(CodeTooManyRequests, fmt.Sprintf(format, args...))
	e.RetryAfter = wait
	return e
}

// ServiceUnavailable reports a server too busy to take the request now; try again after wait.
func ServiceUnavailable(wait time.Duration, format string, args ...any) *Error {
	e := newError(CodeServiceUnavailable, fmt.Sprintf(format, args...))
	e.RetryAfter = wait
	return e
}

// InvalidToken reports a missing, unknown or expired access token.
func InvalidToken(msg string) *Error { return newError(CodeInvalidToken, msg) }

// AssociateMissingPermission reports an associate acting without the permission an action needs;
// with several, any one of them would do.
func AssociateMissingPermission(associateID, unitKey, action string, needs ...Permission) *Error {
	return missingPermissions(associateID, unitKey, action, needs, "one of", " or ")
}

// AssociateMissingAllPermissions reports an associate who lacks some of the permissions an action
// needs all of (to assign a role, they must hold every permission it grants).
func AssociateMissingAllPermissions(associateID, unitKey, action string, needs ...Permission) *Error {
	return missingPermissions(associateID, unitKey, action, needs, "all of", " and ")
}

func missingPermissions(associateID, unitKey, action string, needs []Permission, which, sep string) *Error {
	quoted := make([]string, len(needs))
	for i, p := range needs {
		quoted[i] = "'" + string(p) + "'"
	}
	list := strings.Join(quoted, sep)
	if len(needs) > 1 {
		list = which + " " + list
	}
	return newError(CodeAssociateMissingPermission,
		fmt.Sprintf("Associate '%s' has no rights to %s in business-unit '%s'. Needs %s.", associateID, action, unitKey, list),
		"associate", map[string]string{"typeId": "customer", "id": associateID},
		"businessUnit", map[string]string{"typeId": "business-unit", "key": unitKey},
		"permissions", needs)
}

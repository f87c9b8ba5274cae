package app

import (
	"context"
	"errors"
	"math"

	"github.com/procura/procura"
)

// RequestPasswordReset is a forgotten-password request made by anyone (the portal's page): a
// password token for the customer with email, mailed by the project's password-reset
// notification, older tokens invalidated. Unlike the seller's CreatePasswordToken it answers the
// same whether a customer has the email, and it is bounded as sign-ins are: each request counts
// against the email (LoginLimit.MaxFailures) and the client address (MaxAddressFailures) within
// the window, beyond which they wait (TooManyRequests), so that nobody floods an inbox.
func (a *App) RequestPasswordReset(ctx context.Context, c Caller, email, address string) error {
	if email == "" {
		return procura.RequiredField("email")
	}
	keys := []limitKey{{"reset:" + c.ProjectKey + ":" + procura.EmailIdentity(email), a.LoginLimit.MaxFailures}}
	if a.LoginLimit.MaxAddressFailures > 0 && address != "" {
		keys = append(keys, limitKey{"reset-address:" + address, a.LoginLimit.MaxAddressFailures})
	}
	err := a.admitLogin(ctx, keys)
	var locked *procura.Error
	if errors.As(err, &locked) && locked.Code == procura.CodeTooManyRequests {
		return procura.TooManyRequests(locked.RetryAfter, "Too many password resets asked. Try again in %d seconds.", int(math.Ceil(locked.RetryAfter.Seconds())))
	}
	if err != nil {
		return err
	}
	_, err = a.CreatePasswordToken(ctx, c, PasswordTokenDraft{Email: email, InvalidateOlderTokens: true})
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return nil
	}
	return err
}

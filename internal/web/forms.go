package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/procura/procura"
)

// formVersion is the version of the resource (named what) the form was made from.
func formVersion(r *http.Request, what string) (int64, error) {
	v, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return 0, procura.InvalidInput("The form names no version of the %s.", what)
	}
	return v, nil
}

// formUpdate is an update of the form's version of the resource (named what) with actions.
func formUpdate(r *http.Request, what string, actions ...any) (procura.Update, error) {
	version, err := formVersion(r, what)
	if err != nil {
		return procura.Update{}, err
	}
	return updateAt(version, actions...)
}

// updateAt is an update at version with actions, each encoded as JSON.
func updateAt(version int64, actions ...any) (procura.Update, error) {
	u := procura.Update{Version: &version}
	for _, a := range actions {
		raw, err := json.Marshal(a)
		if err != nil {
			return u, err
		}
		u.Actions = append(u.Actions, raw)
	}
	return u, nil
}

// day reads a date of the form (2026-05-04) as the start of that day in UTC, plus days; "" is
// no date.
func day(raw, name string, days int) (time.Time, error) {
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return t, procura.InvalidInput("Malformed parameter: %s: '%s' is not a date such as 2026-05-04.", name, raw)
	}
	return t.AddDate(0, 0, days), nil
}

package web

import (
	"net/http"
	"strconv"

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

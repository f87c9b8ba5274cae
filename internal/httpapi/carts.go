package httpapi

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// showCart answers GET /carts/{ref}: a cart by id or key, or with "customer-id={id}" the
// customer's active cart, as the reference's /carts/customer-id={customerId}.
func showCart(s *Server, w who) handler {
	return b2bGet(s, w, func(ctx context.Context, c app.Caller, as app.Acting, r app.Ref) (json.RawMessage, error) {
		if id, ok := strings.CutPrefix(r.ID, "customer-id="); ok {
			return s.App.CustomerCart(ctx, c, as, id)
		}
		return s.App.Show(ctx, c, as, procura.TypeCart, r)
	})
}

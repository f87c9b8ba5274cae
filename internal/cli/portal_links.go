package cli

import (
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/web"
)

// linkToPortal points the demo's password-reset and verification mails at the portal's pages
// (decision 0052): the demo knows the address it serves at.
func linkToPortal(e env, a *app.App, base string) error {
	p, err := a.GetProject(e.ctx, app.Caller{ProjectKey: "demo"})
	if err != nil {
		return err
	}
	var actions []json.RawMessage
	for kind, link := range web.MailLinks(base, "demo") {
		raw, _ := json.Marshal(map[string]string{"action": "setNotificationLink", "kind": kind, "url": link})
		actions = append(actions, raw)
	}
	_, err = a.UpdateProject(e.ctx, app.Caller{ProjectKey: "demo"}, procura.Update{Version: &p.Version, Actions: actions})
	return err
}

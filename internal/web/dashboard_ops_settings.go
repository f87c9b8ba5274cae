package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The project's settings and its subscriptions, through the API's use cases and routes' scopes.

type settingsData struct {
	Project  *procura.Project
	Statuses []string
	Roles    []string
	Days     int // how many days messages are kept
	Done     string
}

// settings shows the settings of units buyers create and of messages.
func (d *Dashboard) settings(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}"); err != nil {
		return err
	}
	p, err := d.App.GetProject(r.Context(), c)
	if err != nil {
		return err
	}
	roles, err := d.roles(r.Context(), c)
	if err != nil {
		return err
	}
	data := settingsData{Project: p, Statuses: []string{procura.StatusActive, procura.StatusInactive}, Done: r.URL.Query().Get("done"), Days: 15}
	for key := range roles {
		data.Roles = append(data.Roles, key)
	}
	slices.Sort(data.Roles)
	if p.Messages.DeleteDaysAfterCreation != nil {
		data.Days = *p.Messages.DeleteDaysAfterCreation
	}
	return d.render(w, r, s, http.StatusOK, "settings", data, "ops.settings")
}

// changeSettings sends the form's settings as the project's update actions, at the version the
// page showed: the status and the role of units buyers create, and the messages' retention.
func (d *Dashboard) changeSettings(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}"); err != nil {
		return err
	}
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil {
		return procura.InvalidInput("The days messages are kept must be a number.")
	}
	actions := []any{
		map[string]any{"action": "changeMyBusinessUnitStatusOnCreation", "status": r.PostFormValue("status")},
		map[string]any{"action": "changeMessagesConfiguration", "messagesConfiguration": map[string]any{
			"enabled": r.PostFormValue("messages") == "on", "deleteDaysAfterCreation": days}},
	}
	if role := r.PostFormValue("role"); role != "" {
		actions = append(actions, map[string]any{"action": "setMyBusinessUnitAssociateRoleOnCreation",
			"associateRole": map[string]string{"typeId": "associate-role", "key": role}})
	}
	u, err := formUpdate(r, "project", actions...)
	if err != nil {
		return err
	}
	if _, err := d.App.UpdateProject(r.Context(), c, u); err != nil {
		return err
	}
	http.Redirect(w, r, opsDone(r, "settings", "saved"), http.StatusSeeOther)
	return nil
}

type subscriptionsData struct {
	Subscriptions []subscriptionView
	Done          string
	Count         string // how many deliveries a redelivery made due again
}

type subscriptionView struct {
	procura.Subscription
	Types []string // the resource types it is about, for its redelivery
}

// subscriptions lists the subscriptions with their destination, health and last error.
func (d *Dashboard) subscriptions(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/subscriptions"); err != nil {
		return err
	}
	page, err := d.App.QuerySubscriptions(r.Context(), c, app.Query{Sort: []string{"createdAt asc"}, Limit: app.MaxLimit})
	if err != nil {
		return err
	}
	list, err := rows[procura.Subscription](page)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	data := subscriptionsData{Done: q.Get("done"), Count: q.Get("count")}
	for _, sub := range list {
		v := subscriptionView{Subscription: sub}
		for _, m := range sub.Messages {
			v.Types = append(v.Types, m.ResourceTypeID)
		}
		for _, ch := range sub.Changes {
			v.Types = append(v.Types, ch.ResourceTypeID)
		}
		slices.Sort(v.Types)
		v.Types = slices.Compact(v.Types)
		data.Subscriptions = append(data.Subscriptions, v)
	}
	return d.render(w, r, s, http.StatusOK, "subscriptions", data, "ops.subscriptions")
}

// redeliver makes a subscription's deliveries about a resource type due again from a sequence
// number on (POST /{project}/subscriptions/redeliveries).
func (d *Dashboard) redeliver(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/subscriptions/redeliveries"); err != nil {
		return err
	}
	from, err := strconv.ParseInt(r.PostFormValue("from"), 10, 64)
	if err != nil {
		return procura.InvalidInput("The sequence number to redeliver from must be a number.")
	}
	sub := &procura.ResourceIdentifier{TypeID: procura.TypeSubscription, ID: r.PathValue("id")}
	out, err := d.App.Redeliver(r.Context(), c, app.Redelivery{Subscription: sub, ResourceTypeID: r.PostFormValue("resourceType"),
		ResourceID: r.PostFormValue("resourceId"), FromSequenceNumber: from})
	if err != nil {
		return err
	}
	http.Redirect(w, r, opsDone(r, "subscriptions", "redelivered")+"&count="+strconv.FormatInt(out.Count, 10), http.StatusSeeOther)
	return nil
}

// pause suspends or resumes a subscription (Procura's update actions suspend and resume), at
// the version the page showed.
func (d *Dashboard) pause(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/subscriptions/{ref}"); err != nil {
		return err
	}
	action := r.PostFormValue("action")
	if action != "suspend" && action != "resume" {
		return procura.InvalidInput("The change must be suspend or resume.")
	}
	u, err := formUpdate(r, "subscription", map[string]string{"action": action})
	if err != nil {
		return err
	}
	if _, err := d.App.UpdateSubscription(r.Context(), c, app.Ref{ID: r.PathValue("id")}, u); err != nil {
		return err
	}
	http.Redirect(w, r, opsDone(r, "subscriptions", action), http.StatusSeeOther)
	return nil
}

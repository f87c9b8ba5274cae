package app

import (
	"context"
	"slices"

	"github.com/procura/procura"
)

// The staff page of the dashboard (decision 0054): an admin of a project (manage_project there)
// lists the members who work in it and adds members, with the function `procura staff create`
// calls. A member of one project adds members of that project only; a member of every project
// may also add members of every project.

// ProjectStaff lists the staff who work in the caller's project (its own and every project's),
// by email.
func (a *App) ProjectStaff(ctx context.Context, c Caller) ([]StaffMember, error) {
	if err := mayManageProject(c); err != nil {
		return nil, err
	}
	list, err := a.ListStaff(ctx)
	return slices.DeleteFunc(list, func(m StaffMember) bool { return m.ProjectKey != "" && m.ProjectKey != c.ProjectKey }), err
}

// AddStaff creates a staff member of role, by a member acting as c: in c's project, or in every
// project when everyProject (only for a member who works in every project). The password is
// generated and answered once.
func (a *App) AddStaff(ctx context.Context, by StaffMember, c Caller, email, role string, everyProject bool) (*NewStaffMember, error) {
	if err := mayManageProject(c); err != nil {
		return nil, err
	}
	project := c.ProjectKey
	if everyProject {
		if by.ProjectKey != "" {
			return nil, procura.Forbidden("A member of one project may add members of that project only.")
		}
		project = ""
	}
	return a.CreateStaff(ctx, email, role, project, "")
}

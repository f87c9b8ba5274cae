package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestStaffCreateAndList: a member made with a password from stdin is listed without it; one
// made without gets a generated password printed once; a role or project that does not exist,
// and a password the policy refuses, are errors that create nobody.
func TestStaffCreateAndList(t *testing.T) {
	env := map[string]string{"PROCURA_DB": "sqlite:" + filepath.Join(t.TempDir(), "p.db")}
	cli := func(stdin string, args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, _, errs := cli("", "project", "create", "shop"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := cli("a-long-staff-password\n", "staff", "create", "--email", "Ann@Seller.example", "--role", "sales", "--project", "shop", "--password-stdin")
	if code != 0 || strings.Contains(out, "password") || !strings.Contains(out, `"email": "ann@seller.example"`) {
		t.Errorf("staff create from stdin: %d %s %s", code, out, errs)
	}
	code, out, _ = cli("", "staff", "create", "--email", "bo@seller.example", "--role", "viewer")
	var made struct{ Password, Project string }
	if code != 0 || json.Unmarshal([]byte(out), &made) != nil || len(made.Password) < 16 || made.Project != "" {
		t.Errorf("staff create with a generated password: %d %s", code, out)
	}
	for _, bad := range [][]string{
		{"--email", "cy@seller.example", "--role", "owner"},
		{"--email", "cy@seller.example", "--role", "admin", "--project", "nope"},
		{"--email", "ann@seller.example", "--role", "admin"},
		{"--email", "cy@seller.example", "--role", "admin", "--password-stdin"},
	} {
		if code, _, _ := cli("password\n", append([]string{"staff", "create"}, bad...)...); code != 1 {
			t.Errorf("staff create %v: exit %d", bad, code)
		}
	}
	code, out, _ = cli("", "staff", "list")
	var list []struct{ Email, Role, Project string }
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 || list[0].Email != "ann@seller.example" ||
		list[0].Project != "shop" || list[1].Role != "viewer" || strings.Contains(out, "argon2") {
		t.Errorf("staff list: %d %s", code, out)
	}
	if code, _, errs := cli("", "staff", "remove", "--email", "BO@seller.example"); code != 0 {
		t.Errorf("staff remove: %d %s", code, errs)
	}
	for _, bad := range [][]string{{"--email", "bo@seller.example"}, {}} {
		if code, _, _ := cli("", append([]string{"staff", "remove"}, bad...)...); code == 0 {
			t.Errorf("staff remove %v: exit 0", bad)
		}
	}
	if code, out, _ = cli("", "staff", "list"); code != 0 || strings.Contains(out, "bo@seller.example") || !strings.Contains(out, "ann@seller.example") {
		t.Errorf("staff list after the removal: %d %s", code, out)
	}
}

package sqlstore

import (
	"regexp"
	"strings"
	"testing"
)

// lastBeforePolicy is the last migration made before decision 0045's policy: migrations are
// forward-compatible for one release. Of those before it, PostgreSQL's 0016 was not (it dropped a
// column the release before wrote); docs/operations.md says what that meant for an upgrade.
const lastBeforePolicy = 22

// destructive finds, in a migration's lower-cased SQL, the statements the release before cannot
// work after. Changing how a column's new values are compressed is none: every release reads
// them alike (compression is taken out before it is checked).
var (
	destructive = regexp.MustCompile(`\b(drop\s+table|drop\s+column|rename|alter\s+column|alter\s+table\s+\S+\s+alter)\b`)
	compression = regexp.MustCompile(`alter\s+table\s+\S+\s+alter\s+column\s+\S+\s+set\s+compression\s+\w+`)
)

// breaking returns the first statement of a migration's lower-cased SQL that the release before
// cannot work after, "" for none.
func breaking(sql string) string {
	return destructive.FindString(compression.ReplaceAllString(sql, ""))
}

// TestMigrationsAreAdditive: every migration after lastBeforePolicy leaves a schema on which the
// release before still works: it drops, renames and retypes nothing and adds no column the
// release before would have to fill. A change that needs one is made over two releases (add and
// write both; a release later, drop), as docs/operations.md says.
func TestMigrationsAreAdditive(t *testing.T) {
	addColumn := regexp.MustCompile(`add\s+column[^,;]*`)
	comment := regexp.MustCompile(`--[^\n]*`)
	for _, d := range []dialect{{name: "sqlite"}, {name: "postgres"}} {
		list, err := d.migrations()
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			t.Fatalf("%s: no migrations", d.name)
		}
		for _, m := range list {
			if m.version <= lastBeforePolicy {
				continue
			}
			sql := strings.ToLower(comment.ReplaceAllString(m.sql, ""))
			if f := breaking(sql); f != "" {
				t.Errorf("%s migration %s: %q breaks the release before it (decision 0045)", d.name, m.name, f)
			}
			for _, add := range addColumn.FindAllString(sql, -1) {
				if strings.Contains(add, "not null") && !strings.Contains(add, "default") {
					t.Errorf("%s migration %s: %q is a column the release before cannot fill", d.name, m.name, add)
				}
			}
		}
	}
}

// TestTheAdditiveCheckCatchesWhatItForbids: the check above finds the statements it names.
func TestTheAdditiveCheckCatchesWhatItForbids(t *testing.T) {
	for _, sql := range []string{"drop table document_texts", "alter table documents drop column amount", "alter table x rename to y",
		"alter table documents alter column amount type text", "alter table documents alter column data set compression lz4; alter table documents alter column data set not null"} {
		if breaking(sql) == "" {
			t.Errorf("not caught: %s", sql)
		}
	}
	for _, sql := range []string{"create index documents_renamed_at on documents (modified_at); drop index documents_page",
		"alter table documents alter column data set compression lz4"} {
		if f := breaking(sql); f != "" {
			t.Errorf("caught: %q in %s", f, sql)
		}
	}
}

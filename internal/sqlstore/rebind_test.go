package sqlstore

import (
	"strings"
	"testing"
)

func TestRebindNumbersPlaceholdersOnceAndAgain(t *testing.T) {
	pg := dialect{numbered: true}
	q := `SELECT data FROM documents WHERE project_id = ? AND key IN (?, ?) AND data <> 'é'`
	want := `SELECT data FROM documents WHERE project_id = $1 AND key IN ($2, $3) AND data <> 'é'`
	for i := 0; i < 2; i++ { // rewritten, then kept
		if got := pg.rebind(q); got != want {
			t.Fatalf("rebind (call %d) = %q, want %q", i+1, got, want)
		}
	}
	if got := (dialect{}).rebind(q); got != q {
		t.Fatalf("SQLite's rebind changed the text: %q", got)
	}
}

func TestRebindStopsKeepingPastItsBound(t *testing.T) {
	pg := dialect{numbered: true}
	before := reboundCount.Load()
	reboundCount.Store(maxRebound)
	defer reboundCount.Store(before)
	q := `SELECT ? -- not kept`
	if got := pg.rebind(q); got != `SELECT $1 -- not kept` {
		t.Fatalf("rebind = %q", got)
	}
	if _, kept := rebound.Load(q); kept {
		t.Fatal("a text past the bound was kept")
	}
}

func TestRebindDoesNotKeepLongTexts(t *testing.T) {
	q := `SELECT ? FROM documents WHERE id IN (` + strings.Repeat("?, ", maxReboundText/3) + `?)`
	if got := (dialect{numbered: true}).rebind(q); !strings.HasPrefix(got, `SELECT $1 FROM`) || strings.Contains(got, "?") {
		t.Fatalf("rebind = %.40q…", got)
	}
	if _, kept := rebound.Load(q); kept {
		t.Fatal("a text longer than maxReboundText was kept")
	}
}

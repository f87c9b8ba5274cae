package sqlstore

import "testing"

// TestWhichStatementsWrite: a batch counts a statement as a write unless it is a SELECT or a WITH
// that names no INSERT, UPDATE or DELETE.
func TestWhichStatementsWrite(t *testing.T) {
	for q, want := range map[string]bool{
		`SELECT data FROM documents WHERE id = ?`: false,
		"\n\t select 1": false,
		`WITH RECURSIVE up(k) AS (SELECT key FROM documents) SELECT k FROM up`:            false,
		`INSERT INTO history (id) VALUES (?)`:                                             true,
		`update mail_outbox SET status = ? RETURNING id`:                                  true,
		`DELETE FROM document_refs WHERE from_id = ?`:                                     true,
		`WITH u AS (UPDATE documents SET version = ? RETURNING 1) SELECT count(*) FROM u`: true,
		`with r as (delete from document_refs returning 1) select 1`:                      true,
		`PRAGMA optimize`: true,
	} {
		if got := writes(q); got != want {
			t.Errorf("writes(%q) = %v, want %v", q, got, want)
		}
	}
}

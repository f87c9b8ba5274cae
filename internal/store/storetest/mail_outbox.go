package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/procura/procura/internal/store"
)

// testMailOutbox: a mail is added once per dedup key, claimed by one transaction at a time (also
// when several claim at once), claimable again when its claim runs out, and its attempts are
// recorded.
func testMailOutbox(t *testing.T, s store.Store) {
	p := newProject(t, s, "acme")
	now := time.UnixMilli(time.Now().UnixMilli())
	add := func(id, dedup string, due time.Time) bool {
		var added bool
		mustWrite(t, s, func(tx store.Tx) error {
			var err error
			added, err = tx.AddMail(&store.Mail{ID: id, ProjectID: p.ID, Kind: "quoteSent", Dedup: dedup, To: id + "@acme.example",
				Subject: "s", Text: "t", NextAt: due, CreatedAt: now})
			return err
		})
		return added
	}
	claim := func(at time.Time, limit int) []*store.Mail {
		var got []*store.Mail
		mustWrite(t, s, func(tx store.Tx) error {
			var err error
			got, err = tx.ClaimMails(at, at.Add(time.Minute), limit)
			return err
		})
		return got
	}
	if !add("a", "k", now) || add("b", "k", now) || !add("c", "", now) || !add("d", "", now) || !add("later", "", now.Add(time.Hour)) {
		t.Fatal("a dedup key was taken twice, or a mail without one was refused")
	}
	got := claim(now, 10)
	if len(got) != 3 || got[0].Status != store.MailSending || !got[0].NextAt.Equal(now.Add(time.Minute)) {
		t.Fatalf("claimed %d: %+v", len(got), got)
	}
	if again := claim(now, 10); len(again) != 0 {
		t.Fatalf("claimed %d mails twice", len(again))
	}
	got[0].Status, got[0].Attempts, got[0].Text = store.MailSent, 1, ""
	mustWrite(t, s, func(tx store.Tx) error { return tx.SaveMailAttempt(got[0]) })
	// The others' claims run out: they are due again; the sent one is not.
	if again := claim(now.Add(2*time.Minute), 10); len(again) != 2 {
		t.Fatalf("after the claims ran out: %d", len(again))
	}
	var list []*store.Mail
	if err := s.Read(ctx, func(tx store.Tx) error {
		var err error
		list, err = tx.Mails(p.ID, 10)
		return err
	}); err != nil || len(list) != 4 {
		t.Fatalf("listed %d: %v", len(list), err)
	}
	// Claimed at once, by several transactions: each mail by one.
	for i := range 20 {
		add(fmt.Sprintf("m%d", i), "", now)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var got []*store.Mail
				err := s.Write(ctx, func(tx store.Tx) error {
					var err error
					got, err = tx.ClaimMails(now, now.Add(time.Hour), 3)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					seen[m.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Fatalf("claimed %d of 20 mails", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("mail %s claimed %d times", id, n)
		}
	}
}

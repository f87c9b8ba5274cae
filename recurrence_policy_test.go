package procura

import (
	"testing"
	"time"
)

func TestScheduleOccurrences(t *testing.T) {
	day := func(s string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			panic(err)
		}
		return t
	}
	jan31 := day("2026-01-31 09:30")
	for _, tt := range []struct {
		name        string
		s           Schedule
		from, start time.Time
		first, next string
	}{
		{"every 3 days", Schedule{Type: "standard", Value: 3, IntervalUnit: "Days"}, day("2026-03-02 09:30"), day("2026-03-02 09:30"), "2026-03-02 09:30", "2026-03-05 09:30"},
		{"every 2 weeks", Schedule{Type: "standard", Value: 2, IntervalUnit: "Weeks"}, day("2026-03-02 09:30"), day("2026-03-02 09:30"), "2026-03-02 09:30", "2026-03-16 09:30"},
		{"monthly from the 31st: February's last day", Schedule{Type: "standard", Value: 1, IntervalUnit: "Months"}, jan31, jan31, "2026-01-31 09:30", "2026-02-28 09:30"},
		{"monthly from the 31st: back to the 31st in March", Schedule{Type: "standard", Value: 1, IntervalUnit: "Months"}, day("2026-02-28 09:30"), jan31, "2026-02-28 09:30", "2026-03-31 09:30"},
		{"on the 31st, from February", Schedule{Type: "dayOfMonth", Day: 31}, day("2026-02-10 08:00"), day("2026-02-10 08:00"), "2026-02-28 08:00", "2026-03-31 08:00"},
		{"on the 1st, from the 2nd", Schedule{Type: "dayOfMonth", Day: 1}, day("2026-03-02 08:00"), day("2026-03-02 08:00"), "2026-04-01 08:00", "2026-05-01 08:00"},
		{"on the 1st, from the 1st", Schedule{Type: "dayOfMonth", Day: 1}, day("2026-12-01 08:00"), day("2026-12-01 08:00"), "2026-12-01 08:00", "2027-01-01 08:00"},
	} {
		first := tt.s.First(tt.from)
		if got := first.Format("2006-01-02 15:04"); got != tt.first {
			t.Errorf("%s: first %s, want %s", tt.name, got, tt.first)
		}
		if got := tt.s.Next(first, tt.start).Format("2006-01-02 15:04"); got != tt.next {
			t.Errorf("%s: next %s, want %s", tt.name, got, tt.next)
		}
	}
}

func TestRecurringOrderTick(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	r := &RecurringOrder{StartsAt: FormatTime(start), NextOrderAt: FormatTime(start), RecurringOrderState: RecurringActive,
		Schedule: Schedule{Type: "standard", Value: 1, IntervalUnit: "Weeks"}, SkipConfiguration: &SkipConfiguration{Type: "Counter", TotalToSkip: 1}}
	if what, changed := r.Tick(start.Add(-time.Second)); what != Nothing || changed {
		t.Fatalf("before it is due: %v %v", what, changed)
	}
	if what, _ := r.Tick(start); what != Skip || r.SkipConfiguration.Skipped != 1 || r.LastOrderAt != "" {
		t.Fatalf("the first occurrence is skipped: %v %+v", what, r.SkipConfiguration)
	}
	// a runner down for three weeks places one order, and the next occurrence is after now
	if what, _ := r.Tick(start.Add(3*week + time.Hour)); what != Place || r.NextOrderAt != FormatTime(start.Add(4*week)) {
		t.Fatalf("after a long pause: %v next %s", what, r.NextOrderAt)
	}
	r.ExpiresAt = FormatTime(start.Add(4 * week))
	if what, _ := r.Tick(start.Add(4 * week)); what != Nothing || r.RecurringOrderState != RecurringExpired || r.NextOrderAt != "" {
		t.Fatalf("at expiresAt: %v %s", what, r.RecurringOrderState)
	}
}

package cli

import (
	"runtime/debug"
	"testing"
)

func TestServeSetsTheCollectorsTargetUnlessGOGCIsSet(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	if !tuneGC(func(string) string { return "" }) {
		t.Fatal("tuneGC left the target alone without GOGC")
	}
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Fatalf("the target without GOGC is %d, want %d", got, serveGCPercent)
	}
	if tuneGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] }) {
		t.Fatal("tuneGC changed the target GOGC set")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("the target with GOGC set is %d, want it left at 100", got)
	}
}

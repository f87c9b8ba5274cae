package sqlstore_test

import (
	"testing"

	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
	"github.com/procura/procura/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store { return sqltest.Open(t, b) })
		})
	}
}

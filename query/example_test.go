package query_test

import (
	"encoding/json"
	"fmt"

	"github.com/procura/procura/query"
)

func ExampleParse() {
	var unit map[string]any
	_ = json.Unmarshal([]byte(`{"key":"acme-eng","version":3,"parentUnit":{"key":"acme"},"stores":[]}`), &unit)

	p, err := query.Parse(`parentUnit(key = "acme") and version >= :v and stores is empty`,
		map[string][]string{"v": {"3"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Match(unit))

	_, err = query.Parse(`parentUnit(key=)`, nil)
	fmt.Println(err)
	// Output:
	// true
	// where: at 15: expected a value after "=", found ")"
}

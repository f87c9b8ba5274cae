package query

import "testing"

func BenchmarkMatch(b *testing.B) {
	p, err := Parse(`status = "Active" and version >= 3 and associates(customer(id = "c1"))`, nil)
	if err != nil {
		b.Fatal(err)
	}
	doc := decode(b, businessUnit, false)
	if !p.Match(doc) {
		b.Fatal("predicate does not match")
	}
	b.ReportAllocs()
	for b.Loop() {
		p.Match(doc)
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(`status = "Active" and version >= 3 and associates(customer(id = "c1"))`, nil); err != nil {
			b.Fatal(err)
		}
	}
}

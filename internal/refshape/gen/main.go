// Command gen derives, from a checkout of the commercetools API reference
// (github.com/commercetools/commercetools-api-reference), the fields each of its RAML data types
// has and which of them are required, and writes them as the JSON that package refshape embeds:
//
//	go run ./internal/refshape/gen -ref ../commercetools-api-reference -commit "$(git -C ../commercetools-api-reference rev-parse HEAD)"
//
// It reads only what the shape check needs (a type's base type, discriminator, discriminator value
// and properties with their types), with a line reader for the subset of YAML the reference's
// data types are written in, so that the module needs no YAML library.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/procura/procura/internal/refshape"
)

func main() {
	ref := flag.String("ref", "", "a checkout of commercetools-api-reference")
	commit := flag.String("commit", "", "the checkout's commit, recorded in the output")
	out := flag.String("out", "internal/refshape/reference-types.json", "where to write the types")
	flag.Parse()
	if *ref == "" {
		fmt.Fprintln(os.Stderr, "gen: -ref is required")
		os.Exit(2)
	}
	if err := run(*ref, *commit, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ref, commit, out string) error {
	dir := filepath.Join(ref, "api-specs", "api", "types")
	index, err := includes(filepath.Join(dir, "types.raml"))
	if err != nil {
		return err
	}
	set := refshape.Types{Source: "commercetools/commercetools-api-reference@" + commit, Types: map[string]*refshape.Type{}}
	names := make([]string, 0, len(index))
	for name := range index {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t, err := readType(filepath.Join(dir, index[name]))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		set.Types[name] = t
	}
	return os.WriteFile(out, encode(set, names), 0o644)
}

// encode writes one type per line, in name order, so that a new release of the reference reads
// as a diff of the types it changed.
func encode(set refshape.Types, names []string) []byte {
	var b strings.Builder
	source, _ := json.Marshal(set.Source)
	fmt.Fprintf(&b, "{\"source\": %s,\n\"types\": {\n", source)
	for i, name := range names {
		key, _ := json.Marshal(name)
		t, _ := json.Marshal(set.Types[name])
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s: %s%s\n", key, t, sep)
	}
	b.WriteString("}}\n")
	return []byte(b.String())
}

// includes reads the "Name: !include path" lines of types.raml.
func includes(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	index := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, file, ok := strings.Cut(sc.Text(), ": !include ")
		if ok && !strings.HasPrefix(name, " ") {
			index[name] = strings.TrimSpace(file)
		}
	}
	return index, sc.Err()
}

// readType reads one data type file. Keys at indent 0 describe the type; under "properties:",
// keys at indent 2 are the properties (a trailing "?" marks an optional one) and "type:" or
// "items:" at indent 4 their types. Deeper lines (descriptions, examples) are skipped.
func readType(path string) (*refshape.Type, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &refshape.Type{}
	var inProps bool
	var cur *refshape.Prop
	var curArray bool
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		key, value, isKey := strings.Cut(trimmed, ":")
		if strings.HasPrefix(trimmed, "/") || strings.HasPrefix(trimmed, "'/") {
			// a pattern property: the key is a regular expression that may hold colons
			i := strings.LastIndex(trimmed, ":")
			key, value, isKey = trimmed[:i], trimmed[i+1:], i > 0
		}
		if !isKey {
			continue
		}
		key, value = strings.Trim(key, `'"`), strings.TrimSpace(value)
		switch indent {
		case 0:
			inProps, cur = key == "properties", nil
			switch key {
			case "type":
				t.Base = value
			case "discriminator":
				t.Discriminator = value
			case "discriminatorValue":
				t.Value = value
			}
		case 2:
			if !inProps {
				continue
			}
			required := !strings.HasSuffix(key, "?")
			name := strings.TrimSuffix(key, "?")
			if t.Props == nil {
				t.Props = map[string]*refshape.Prop{}
			}
			cur, curArray = &refshape.Prop{Required: required, Type: value}, false
			t.Props[name] = cur
		case 4:
			if cur == nil {
				continue
			}
			switch key {
			case "type":
				cur.Type, curArray = value, value == "array"
			case "items":
				if curArray {
					cur.Type = value + "[]"
				}
			}
		}
	}
	for _, p := range t.Props {
		if p.Type == "" || p.Type == "array" {
			p.Type = "any"
		}
	}
	return t, sc.Err()
}

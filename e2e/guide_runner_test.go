package e2e

// The runner of docs/guide.md: it reads the guide's ```http blocks (a request, then its answer),
// sends each request to a server and compares the answer with the one the guide shows. The
// notation is described at the top of the guide.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// exchange is one request of the guide and the answer it shows.
type exchange struct {
	line   int      // line of the request's first line in the guide
	req    []string // the request block: "METHOD /path", headers, blank, body
	ansAt  int      // line of the answer's status line
	answer []string // the answer block: "HTTP/1.1 200 OK", then the body
}

// httpBlock is a fenced block of the guide tagged http: line is where its first line is.
type httpBlock struct {
	line  int
	lines []string
}

// parseGuide returns the exchanges of a guide in order: each ```http block starting with a method
// must be followed by a ```http block starting with "HTTP/1.1".
func parseGuide(src string) ([]exchange, error) {
	blocks, err := httpBlocks(src)
	if err != nil {
		return nil, err
	}
	var out []exchange
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		if isAnswer(b.lines) {
			return nil, fmt.Errorf("line %d: an answer without a request before it", b.line)
		}
		if i+1 == len(blocks) || !isAnswer(blocks[i+1].lines) {
			return nil, fmt.Errorf("line %d: a request without an answer block (```http starting with HTTP/1.1) after it", b.line)
		}
		out = append(out, exchange{line: b.line, req: b.lines, ansAt: blocks[i+1].line, answer: blocks[i+1].lines})
		i++
	}
	return out, nil
}

func httpBlocks(src string) ([]httpBlock, error) {
	var out []httpBlock
	var cur *httpBlock
	inFence := false
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case !inFence && strings.HasPrefix(l, "```"):
			inFence = true
			if strings.TrimSpace(strings.TrimPrefix(l, "```")) == "http" {
				cur = &httpBlock{line: n + 1}
			}
		case inFence && strings.TrimSpace(l) == "```":
			inFence = false
			if cur != nil {
				if len(cur.lines) == 0 {
					return nil, fmt.Errorf("line %d: an empty http block", cur.line)
				}
				out = append(out, *cur)
				cur = nil
			}
		case cur != nil:
			cur.lines = append(cur.lines, l)
		}
	}
	if inFence {
		return nil, fmt.Errorf("a fenced block is not closed at the end of the guide")
	}
	return out, sc.Err()
}

func isAnswer(lines []string) bool { return strings.HasPrefix(lines[0], "HTTP/") }

// guideVars are the values the guide has taken from answers so far, by name. A string is kept
// as is, any other JSON value as its JSON text.
type guideVars map[string]string

var placeholder = regexp.MustCompile(`\{\{(=?)([A-Za-z][A-Za-z0-9_]*)\}\}`)

// fill replaces every {{name}} (and {{=name}}) in s with its value.
func (v guideVars) fill(s string) (string, error) {
	var err error
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[2]
		val, ok := v[name]
		if !ok && err == nil {
			err = fmt.Errorf("{{%s}} is used before an answer gave it a value", name)
		}
		return val
	})
	return out, err
}

// request builds the HTTP request of an exchange against base.
func (x exchange) request(base string, vars guideVars) (*http.Request, error) {
	text, err := vars.fill(strings.Join(x.req, "\n"))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(text, "\n")
	method, path, ok := strings.Cut(strings.TrimSpace(lines[0]), " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return nil, fmt.Errorf("the first line %q is not METHOD /path", lines[0])
	}
	header := http.Header{}
	i := 1
	for ; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
		k, val, ok := strings.Cut(lines[i], ":")
		if !ok {
			return nil, fmt.Errorf("line %d: %q is no header (a blank line must come before the body)", x.line+i, lines[i])
		}
		val = strings.TrimSpace(val)
		if scheme, cred, _ := strings.Cut(val, " "); strings.EqualFold(k, "Authorization") && scheme == "Basic" && strings.Contains(cred, ":") {
			val = "Basic " + base64.StdEncoding.EncodeToString([]byte(cred)) // as curl -u does
		}
		header.Add(strings.TrimSpace(k), val)
	}
	body := strings.TrimSpace(strings.Join(lines[min(i, len(lines)):], "\n"))
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
		if header.Get("Content-Type") == "" {
			header.Set("Content-Type", "application/json")
		}
	}
	req, err := http.NewRequest(method, base+strings.TrimSpace(path), rd)
	if err != nil {
		return nil, err
	}
	req.Header = header
	return req, nil
}

// expected is the answer a guide shows: its status and, when it has one, the JSON its body must
// contain.
type expected struct {
	status int
	body   any // nil: the body is not checked
}

// captureMark stands, in a parsed expected body, for a {{name}} that takes the value found there.
const captureMark = "\x00capture:"

var captureInAnswer = regexp.MustCompile(`"\{\{([A-Za-z][A-Za-z0-9_]*)\}\}"|\{\{([A-Za-z][A-Za-z0-9_]*)\}\}`)

// parseAnswer reads an answer block: "HTTP/1.1 CODE TEXT", then optionally a JSON body in which
// {{name}} (a whole value, quoted or not) takes the value found there and {{=name}} is the value
// taken before.
func parseAnswer(lines []string, vars guideVars) (expected, error) {
	f := strings.Fields(lines[0])
	if len(f) < 2 {
		return expected{}, fmt.Errorf("%q is no status line (HTTP/1.1 200 OK)", lines[0])
	}
	code, err := strconv.Atoi(f[1])
	if err != nil || http.StatusText(code) == "" {
		return expected{}, fmt.Errorf("%q: no HTTP status code", lines[0])
	}
	if text := strings.Join(f[2:], " "); text != "" && text != http.StatusText(code) {
		return expected{}, fmt.Errorf("%q: status %d is %q", lines[0], code, http.StatusText(code))
	}
	src := strings.TrimSpace(strings.Join(lines[1:], "\n"))
	if src == "" {
		return expected{status: code}, nil
	}
	src = captureInAnswer.ReplaceAllStringFunc(src, func(m string) string {
		b, _ := json.Marshal(captureMark + strings.Trim(m, `"{}`))
		return string(b)
	})
	if src, err = vars.fill(src); err != nil {
		return expected{}, err
	}
	var body any
	d := json.NewDecoder(strings.NewReader(src))
	d.UseNumber()
	if err := d.Decode(&body); err != nil {
		return expected{}, fmt.Errorf("the answer's body is not JSON: %v", err)
	}
	return expected{status: code, body: body}, nil
}

// check compares a real answer with the expected one, and takes the values of its {{name}}s.
func (e expected) check(status int, body []byte, vars guideVars) error {
	if status != e.status {
		return fmt.Errorf("status %d, the guide shows %d", status, e.status)
	}
	if e.body == nil {
		return nil
	}
	var got any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		return fmt.Errorf("the answer is not JSON: %v", err)
	}
	return contains(got, e.body, "", vars)
}

// contains checks that got holds want: every field of an object in want is in got with a value
// that holds want's; arrays have as many elements, each holding want's, unless want's last
// element is "..." (then got may have more); anything else is equal.
func contains(got, want any, at string, vars guideVars) error {
	if s, ok := want.(string); ok && strings.HasPrefix(s, captureMark) {
		name := strings.TrimPrefix(s, captureMark)
		if gs, ok := got.(string); ok {
			vars[name] = gs
		} else {
			b, _ := json.Marshal(got)
			vars[name] = string(b)
		}
		return nil
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("at %s: got %s, the guide shows an object", where(at), show(got))
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("at %s: no field %q", where(at), k)
			}
			if err := contains(gv, w[k], at+"."+k, vars); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("at %s: got %s, the guide shows an array", where(at), show(got))
		}
		more := len(w) > 0 && w[len(w)-1] == "..."
		if more {
			w = w[:len(w)-1]
		}
		if len(g) < len(w) || (!more && len(g) != len(w)) {
			return fmt.Errorf("at %s: %d elements, the guide shows %d", where(at), len(g), len(w))
		}
		for i := range w {
			if err := contains(g[i], w[i], fmt.Sprintf("%s[%d]", at, i), vars); err != nil {
				return err
			}
		}
		return nil
	}
	if show(got) != show(want) {
		return fmt.Errorf("at %s: got %s, the guide shows %s", where(at), show(got), show(want))
	}
	return nil
}

func where(at string) string {
	if at == "" {
		return "the top"
	}
	return strings.TrimPrefix(at, ".")
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// run sends the exchange to base and checks its answer; the error names the guide's line.
func (x exchange) run(base string, vars guideVars) error {
	req, err := x.request(base, vars)
	if err != nil {
		return fmt.Errorf("docs/guide.md:%d: %v", x.line, err)
	}
	want, err := parseAnswer(x.answer, vars)
	if err != nil {
		return fmt.Errorf("docs/guide.md:%d: %v", x.ansAt, err)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("docs/guide.md:%d: %s: %v", x.line, x.req[0], err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("docs/guide.md:%d: %s: %v", x.line, x.req[0], err)
	}
	if err := want.check(resp.StatusCode, body, vars); err != nil {
		return fmt.Errorf("docs/guide.md:%d: %s: %v\nthe answer: %s", x.ansAt, x.req[0], err, clip(body))
	}
	return nil
}

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestTwoNodesOverOneDatabase: two procura serve over one database, as docs/operations.md
// describes them behind a load balancer. What one node writes, the other reads, queries and
// updates at once (read-your-writes, whichever node the next request reaches); a token revoked on
// one node is refused there at once and by the other within --token-cache-ttl.
func TestTwoNodesOverOneDatabase(t *testing.T) {
	const cacheTTL = time.Second
	forEachBackend(t, func(t *testing.T, a *server) {
		b := a.anotherNode(t)
		nodes := [2]*server{a, b}
		token := a.token(t, a.admin)
		path := "/" + a.project + "/business-units"

		for i := range 6 {
			writer, reader := nodes[i%2], nodes[(i+1)%2]
			key := fmt.Sprintf("company-%d", i)
			r := writer.do(t, http.MethodPost, path, token, fmt.Appendf(nil, `{"key":%q,"name":"Company %d","unitType":"Company"}`, key, i))
			var unit struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
				Name    string `json:"name"`
			}
			if r.status != http.StatusCreated || json.Unmarshal(r.body, &unit) != nil {
				t.Fatalf("create %s on one node: %d %s", key, r.status, clip(r.body))
			}
			got := reader.getJSON(t, path+"/"+unit.ID, token)
			if got["key"] != key || got["version"] != float64(unit.Version) {
				t.Fatalf("the other node reads %s as %v", key, got)
			}
			page := reader.getJSON(t, path+"?where="+url.QueryEscape(fmt.Sprintf(`key=%q`, key)), token)
			if page["count"] != float64(1) {
				t.Fatalf("the other node's query does not find %s: %v", key, page)
			}
			r = reader.do(t, http.MethodPost, path+"/"+unit.ID, token,
				fmt.Appendf(nil, `{"version":%d,"actions":[{"action":"changeName","name":"Renamed %d"}]}`, unit.Version, i))
			if r.status != http.StatusOK {
				t.Fatalf("update %s on the other node at the version the first wrote: %d %s", key, r.status, clip(r.body))
			}
			got = writer.getJSON(t, path+"/"+unit.ID, token)
			if got["name"] != fmt.Sprintf("Renamed %d", i) || got["version"] != float64(unit.Version+1) {
				t.Fatalf("the first node does not read the other's update of %s: %v", key, got)
			}
		}

		for i := range 2 {
			revoker, other := nodes[i], nodes[1-i]
			doomed := a.token(t, a.admin)
			for _, n := range nodes { // each node has verified it, and may keep it for cacheTTL
				if r := n.do(t, http.MethodGet, path, doomed, nil); r.status != http.StatusOK {
					t.Fatalf("a fresh token: %d %s", r.status, clip(r.body))
				}
			}
			if r := revoker.postForm(t, "/oauth/token/revoke", a.admin, url.Values{"token": {doomed}}); r.status != http.StatusOK {
				t.Fatalf("revoke: %d %s", r.status, clip(r.body))
			}
			revoked := time.Now()
			if r := revoker.do(t, http.MethodGet, path, doomed, nil); r.status != http.StatusUnauthorized {
				t.Fatalf("the node that revoked the token still takes it: %d", r.status)
			}
			for other.do(t, http.MethodGet, path, doomed, nil).status != http.StatusUnauthorized {
				if time.Since(revoked) > cacheTTL+2*time.Second {
					t.Fatalf("the other node still takes a token revoked %s ago (--token-cache-ttl %s)", time.Since(revoked), cacheTTL)
				}
				time.Sleep(50 * time.Millisecond)
			}
			for range 3 {
				if r := other.do(t, http.MethodGet, path, doomed, nil); r.status != http.StatusUnauthorized {
					t.Fatalf("the other node took the revoked token again: %d", r.status)
				}
			}
			if r := other.do(t, http.MethodGet, path, token, nil); r.status != http.StatusOK {
				t.Fatalf("a token not revoked is refused: %d", r.status)
			}
		}
	}, "--token-cache-ttl", cacheTTL.String())
}

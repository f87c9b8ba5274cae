package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name, peer string
		xff        []string
		proxies    Proxies
		want       string
	}{
		{"no proxies: the peer, whatever the header says", "203.0.113.5:4000", []string{"198.51.100.1"}, nil, "203.0.113.5"},
		{"untrusted peer: the header is ignored", "203.0.113.5:4000", []string{"198.51.100.1"}, proxies, "203.0.113.5"},
		{"trusted peer: the entry it appended", "10.0.0.2:4000", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"forged entries left of the client are skipped", "10.0.0.2:4000", []string{"1.2.3.4, 5.6.7.8, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"trusted hops are walked past", "10.0.0.2:4000", []string{"1.2.3.4, 198.51.100.1", "10.0.0.9"}, proxies, "198.51.100.1"},
		{"IPv6 hops", "[fd00::1]:4000", []string{"2001:db8::7, fd00::2"}, proxies, "2001:db8::7"},
		{"an entry with a port", "10.0.0.2:4000", []string{"198.51.100.1:5555"}, proxies, "198.51.100.1"},
		{"only trusted hops: the left-most", "10.0.0.2:4000", []string{"10.0.0.7, 10.0.0.8"}, proxies, "10.0.0.7"},
		{"a malformed entry stops at the last trusted hop", "10.0.0.2:4000", []string{"198.51.100.1, nonsense"}, proxies, "10.0.0.2"},
		{"no header: the trusted peer", "10.0.0.2:4000", nil, proxies, "10.0.0.2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/oauth/acme/customers/token", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := tc.proxies.ClientAddress(r); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestOverTLS(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		peer  string
		proto []string
		want  bool
	}{
		{"203.0.113.5:4000", nil, false},
		{"203.0.113.5:4000", []string{"https"}, false}, // an untrusted peer's header is ignored
		{"10.0.0.2:4000", []string{"https"}, true},
		{"10.0.0.2:4000", []string{"https, http"}, false}, // the proxy's own entry is the last
		{"10.0.0.2:4000", []string{"http", "HTTPS"}, true},
		{"10.0.0.2:4000", nil, false},
	} {
		r := httptest.NewRequest("GET", "/portal/acme/orders", nil)
		r.RemoteAddr = tc.peer
		for _, v := range tc.proto {
			r.Header.Add("X-Forwarded-Proto", v)
		}
		if got := proxies.OverTLS(r); got != tc.want {
			t.Errorf("%s %v: %v, want %v", tc.peer, tc.proto, got, tc.want)
		}
	}
	r := httptest.NewRequest("GET", "https://procura.example/portal/acme/orders", nil)
	if !Proxies(nil).OverTLS(r) {
		t.Error("a request over TLS itself")
	}
}

package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the networks of the trusted reverse proxies in front of Procura.
type Proxies []netip.Prefix

func (p Proxies) trusted(a netip.Addr) bool {
	for _, n := range p {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddress is the address a request came from, for per-address limits: the TCP peer; when
// the peer is a trusted proxy, the right-most address of X-Forwarded-For that is not a trusted
// proxy (every entry left of it could have been written by the client).
func (p Proxies) ClientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !p.trusted(peer.Unmap()) {
		return host
	}
	client := peer.Unmap()
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			break // a malformed entry: the last trusted hop is as far as we can tell
		}
		client = a
		if !p.trusted(a) {
			break
		}
	}
	return client.String()
}

// OverTLS reports whether the request reached Procura over TLS, or reached a trusted proxy over
// it: the peer is trusted and its X-Forwarded-Proto (the last, the one it wrote) says https.
func (p Proxies) OverTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	protos := strings.Split(strings.Join(r.Header.Values("X-Forwarded-Proto"), ","), ",")
	return err == nil && p.trusted(peer.Unmap()) && strings.EqualFold(strings.TrimSpace(protos[len(protos)-1]), "https")
}

// parseHop reads one X-Forwarded-For entry: an address, with or without a port.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

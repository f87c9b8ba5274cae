package deliver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// HTTP posts notifications to URLs, signed as the Standard Webhooks specification says.
type HTTP struct {
	client *http.Client
}

// NewHTTP returns an HTTP sender whose requests time out after timeout, follow no redirect,
// and, unless allowPrivate, refuse to connect to loopback, private, link-local and other
// non-public addresses (checked on the address actually dialled, after name resolution).
func NewHTTP(timeout time.Duration, allowPrivate bool) *HTTP {
	dialer := &net.Dialer{Timeout: timeout}
	if !allowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{DialContext: dialer.DialContext, TLSHandshakeTimeout: timeout,
		ResponseHeaderTimeout: timeout, MaxIdleConnsPerHost: 8, IdleConnTimeout: time.Minute}
	return &HTTP{client: &http.Client{Transport: transport, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// errPrivate refuses a non-public address.
var errPrivate = errors.New("the destination's address is not public (loopback, private or link-local), which this server does not deliver to")

func refusePrivate(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return configError{err}
	}
	ip := ap.Addr().Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() ||
		ip.IsMulticast() || ip.IsInterfaceLocalMulticast() || shared.Contains(ip) {
		return configError{errPrivate}
	}
	return nil
}

// shared is the carrier-grade NAT range, private in all but name.
var shared = netip.MustParsePrefix("100.64.0.0/10")

// Sign returns the webhook-signature header's value for a notification: "v1," and the base64
// of the HMAC-SHA256, under the secret's key, of "<id>.<timestamp>.<body>".
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	key, err := procura.WebhookKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, at.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Send posts the notification. A 2xx answer delivers it; 408, 429 and 5xx answers and network
// failures are passing errors; other answers (a redirect among them) are configuration errors.
func (h *HTTP) Send(ctx context.Context, d procura.Destination, n app.Notification) error {
	sig, err := Sign(d.Secret, n.ID, n.At, n.Payload)
	if err != nil {
		return configError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(n.Payload))
	if err != nil {
		return configError{err}
	}
	req.Header.Set("Content-Type", contentType(n))
	req.Header.Set("User-Agent", "Procura-Webhooks")
	req.Header.Set("webhook-id", n.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(n.At.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := h.client.Do(req)
	if err != nil {
		var c configError
		if errors.As(err, &c) {
			return c
		}
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return nil
	case s == http.StatusRequestTimeout, s == http.StatusTooManyRequests, s >= 500:
		return fmt.Errorf("the destination answered %s", resp.Status)
	default:
		return configError{fmt.Errorf("the destination answered %s", resp.Status)}
	}
}

package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/procura/procura/internal/app"
)

// Served describes one answered request, for the metrics (Server.Observe).
type Served struct {
	Method   string
	Route    string // the route's ServeMux pattern without its method; "" when none matched
	Status   int
	Bytes    int64 // of the response body
	Duration time.Duration
}

// requestInfo is what a request's handlers learn for its log line: who called.
type requestInfo struct {
	id     string
	caller app.Caller
}

// RequestID is the request's id (X-Correlation-ID), "" for a request that did not pass observe.
func RequestID(r *http.Request) string { return requestID(r) }

func requestID(r *http.Request) string {
	if info, ok := r.Context().Value(requestIDKey).(*requestInfo); ok {
		return info.id
	}
	return ""
}

// NoteCaller records who calls, for the request's log line: the caller a token stands for, or
// the API client a token endpoint was called by.
func NoteCaller(r *http.Request, c app.Caller) {
	if info, ok := r.Context().Value(requestIDKey).(*requestInfo); ok {
		info.caller = c
	}
}

// maxCorrelationID bounds the X-Correlation-ID a client may send.
const maxCorrelationID = 128

// correlationID is the client's X-Correlation-ID when it is a plausible one (at most
// maxCorrelationID letters, digits and -_.:), else a new random id: the id goes into logs,
// answers and the change history, so nothing else is taken from the client.
func correlationID(r *http.Request) string {
	if id := r.Header.Get("X-Correlation-ID"); id != "" && len(id) <= maxCorrelationID && strings.Trim(id, idChars) == "" {
		return id
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

const idChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:"

// Observed gives the requests of another handler of the same server (the portal's pages) what
// the API's get: an id, a log line and the metrics (observe).
func (s *Server) Observed(next http.Handler) http.Handler { return s.observe(next) }

// observe gives each request its id (answered in X-Correlation-ID), turns a panic into a 500,
// and once answered writes the request's one log line and tells Observe.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{id: correlationID(r)}
		w.Header().Set("X-Correlation-ID", info.id)
		rw := &recorder{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, info)) // the mux sets its pattern on this one
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Log.Error("panic", "request_id", info.id, "path", r.URL.Path, "panic", p)
				WriteError(rw, r, s.Log, errors.New("panic"))
			}
			s.served(r, rw, info, time.Since(start))
		}()
		next.ServeHTTP(rw, r)
	})
}

// served writes the request's log line, at info (probes: at debug), and tells Observe. The line
// names the route, never the path's values beyond the project, and no header, token or body.
func (s *Server) served(r *http.Request, rw *recorder, info *requestInfo, took time.Duration) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	route := r.Pattern
	if _, path, ok := strings.Cut(route, " "); ok {
		route = path
	}
	if s.Observe != nil {
		s.Observe(Served{Method: r.Method, Route: route, Status: rw.status, Bytes: rw.bytes, Duration: took})
	}
	level := slog.LevelInfo
	if route == "/healthz" || route == "/readyz" {
		level = slog.LevelDebug
	}
	if !s.Log.Enabled(r.Context(), level) {
		return
	}
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("route", route), slog.Int("status", rw.status),
		slog.Float64("duration_ms", float64(took.Microseconds())/1000), slog.Int64("bytes", rw.bytes),
		slog.String("request_id", info.id)}
	if p := r.PathValue("project"); p != "" {
		attrs = append(attrs, slog.String("project", p))
	}
	if kind, id := callerOf(info.caller); kind != "" {
		attrs = append(attrs, slog.String("caller_kind", kind), slog.String("caller_id", id))
		if kind != "client" {
			attrs = append(attrs, slog.String("client_id", info.caller.ClientID))
		}
	}
	s.Log.LogAttrs(r.Context(), level, "request", attrs...)
}

// callerOf names the kind of caller and its id: a customer, an anonymous session, or an API
// client acting for itself; "" when the request carried no valid token.
func callerOf(c app.Caller) (kind, id string) {
	switch {
	case c.CustomerID != "":
		return "customer", c.CustomerID
	case c.AnonymousID != "":
		return "anonymous", c.AnonymousID
	case c.ClientID != "":
		return "client", c.ClientID
	}
	return "", ""
}

// recorder remembers a response's status and size.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

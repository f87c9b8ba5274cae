package httpapi

import (
	"context"
	"net/http"
	"time"
)

// Probes for load balancers and orchestrators, outside every project's namespace: their names
// are reserved (procura.ReservedProjectKeys). /healthz says the process answers; /readyz that
// it can serve: the database answers, it holds every migration of this binary, and the server
// is not shutting down.

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.App.Ready(ctx); err != nil {
		s.Log.Warn("not ready", "error", err) // the cause stays in the log: probes are unauthenticated
		WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// Drain makes /readyz answer 503 from now on, so that load balancers stop sending requests to a
// node that is shutting down.
func (s *Server) Drain() { s.draining.Store(true) }

package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// EventsPath is where open pages listen for server-sent events: a
// "status" event on connecting and after every build (the build's version
// and its problems), and a "reload" event when the page a listener shows
// has changed.
const EventsPath = "/_retro/events"

// pingEvery keeps idle event streams open through proxies and lets the
// server notice listeners that left.
const pingEvery = 15 * time.Second

// listener is one open event stream: the page it shows (its URL path and
// the tag of the content it was served) and where its events go.
type listener struct {
	path   string // "" listens to every build
	tag    string // pageTag of what the page shows; "" when unknown
	events chan event
}

type event struct {
	name string
	data any
}

// Reload is the data of a "reload" event.
type Reload struct {
	Version int    `json:"version"`
	Path    string `json:"path,omitempty"` // the listener's page, when it gave one
	// Ms is the time from the first file-system event of the change to the
	// page being servable, debounce included.
	Ms int64 `json:"ms"`
}

// status is the data of a "status" event.
type status struct {
	Version  int       `json:"version"`
	Problems []Problem `json:"problems"`
}

// pageTag names a page's content: a listener that shows a page with the
// same tag as the current build's needs no reload.
func pageTag(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// events streams server-sent events to one page until it goes away or the
// server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported here", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	l := &listener{path: q.Get("path"), tag: q.Get("page"), events: make(chan event, 8)}
	s.mu.Lock()
	if s.listeners == nil {
		s.listeners = map[*listener]bool{}
	}
	s.listeners[l] = true
	st := status{s.version, s.problemList()}
	var stale bool
	if l.path != "" && l.tag != "" && s.site != nil {
		if tag, ok := s.site.tag(l.path); ok && tag != l.tag {
			stale = true // changed while the page was away (the server restarted, a reconnect)
			l.tag = tag
		}
	}
	if s.quit == nil {
		s.quit = make(chan struct{})
	}
	quit := s.quit
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
	}()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	// A dropped stream is reopened by the browser after a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	send(w, event{"status", st})
	if stale {
		send(w, event{"reload", Reload{Version: st.Version, Path: l.path}})
	}
	flusher.Flush()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-quit:
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		case e := <-l.events:
			send(w, e)
		}
		flusher.Flush()
	}
}

// stop ends the event streams, which would otherwise keep the HTTP
// server's shutdown waiting for them.
func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.quit == nil {
		s.quit = make(chan struct{})
	}
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
}

func send(w http.ResponseWriter, e event) {
	data, _ := json.Marshal(e.data)
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, data)
}

// announce tells every listener the outcome of a build: its status, and
// a reload to those whose page changed (all of them when built is true and
// they gave no page). It is called with s.mu held.
func (s *Server) announce(built bool, since time.Time) {
	st := status{s.version, s.problemList()}
	tags := map[string]string{} // one look at each page, however many listen to it
	for l := range s.listeners {
		e := []event{{"status", st}}
		if built && s.changed(l, tags) {
			e = append(e, event{"reload", Reload{Version: s.version, Path: l.path, Ms: time.Since(since).Milliseconds()}})
		}
		for _, e := range e {
			select {
			case l.events <- e:
			default: // a listener that does not read loses events, not the server its time
			}
		}
	}
}

// changed says whether l's page differs in the current build from what it
// shows, and remembers the new tag.
func (s *Server) changed(l *listener, tags map[string]string) bool {
	if l.path == "" || l.tag == "" || s.site == nil {
		return true
	}
	tag, ok := tags[l.path]
	if !ok {
		tag, _ = s.site.tag(l.path)
		tags[l.path] = tag
	}
	if tag == l.tag {
		return false
	}
	l.tag = tag
	return true
}

func (s *Server) problemList() []Problem {
	if s.problems == nil {
		return []Problem{}
	}
	return s.problems
}

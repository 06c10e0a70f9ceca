package preview

import (
	"bytes"
	"net/http"
	"time"
)

// keepAlive is how often an idle event stream gets a comment, so that
// proxies and browsers keep it open.
const keepAlive = 15 * time.Second

// event is one server-sent event; data is one line of JSON.
type event struct {
	name string
	data []byte
}

// client is one open event stream: the page it serves and its queue.
type client struct {
	page string
	ch   chan event
	gone chan struct{} // closed when the client fell too far behind
}

// send queues an event for c. A client whose queue is full is dropped: its
// stream ends, the browser reconnects, and on reconnecting it learns what
// it missed (see serveEvents). The caller holds s.mu.
func (s *Server) send(c *client, ev event) {
	select {
	case c.ch <- ev:
	default:
		delete(s.clients, c)
		close(c.gone)
	}
}

// serveEvents streams events to one page. The query names the page's
// output file and its build. The first event tells the page where it
// stands: reload if it is already out of date, else error while the site is
// broken, else ok.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.quit:
		http.Error(w, "the preview is stopping", http.StatusServiceUnavailable)
		return
	default:
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")

	q := r.URL.Query()
	c := &client{page: q.Get("page"), ch: make(chan event, 16), gone: make(chan struct{})}
	var first bytes.Buffer
	// A browser that lost the stream tries again after a second.
	first.WriteString("retry: 1000\n\n")
	s.mu.Lock()
	switch {
	case s.stale(c.page, q.Get("build")):
		writeEvent(&first, event{name: "reload", data: mustJSON([]string{c.page})})
	case s.problems != nil:
		writeEvent(&first, event{name: "error", data: mustJSON(s.problems)})
	default:
		writeEvent(&first, event{name: "ok", data: mustJSON(s.buildID())})
	}
	s.clients[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(first.Bytes()); err != nil {
		return
	}
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		var b bytes.Buffer
		select {
		case ev := <-c.ch:
			writeEvent(&b, ev)
		case <-tick.C:
			b.WriteString(": keep-alive\n\n")
		case <-c.gone:
			return
		case <-s.quit:
			return
		case <-r.Context().Done():
			return
		}
		if _, err := w.Write(b.Bytes()); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

func writeEvent(b *bytes.Buffer, ev event) {
	b.WriteString("event: ")
	b.WriteString(ev.name)
	b.WriteString("\ndata: ")
	b.Write(ev.data)
	b.WriteString("\n\n")
}

package capture

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of Client.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBytes     = 8 << 20
	DefaultMaxRedirects = 10
	DefaultUserAgent    = "dossier/1 (+https://github.com/dossier-dev/dossier; captures articles cited by an annotated dossier)"
)

// Client fetches web pages: http and https only, with a timeout for the
// whole exchange, a cap on the body and on the number of redirects, and a
// User-Agent that says who is asking. The zero Client uses the defaults.
type Client struct {
	Timeout      time.Duration // for one request, redirects and body included
	MaxBytes     int64         // the largest body read
	MaxRedirects int
	UserAgent    string
	// Transport carries the requests; nil means http.DefaultTransport.
	Transport http.RoundTripper
}

// Redirect is one step of a redirect chain.
type Redirect struct {
	From, To string
	Status   int // 301, 302, 303, 307 or 308
}

// Permanent reports whether the redirect says the address has moved for
// good, so links to it should be updated.
func (r Redirect) Permanent() bool {
	return r.Status == http.StatusMovedPermanently || r.Status == http.StatusPermanentRedirect
}

// Response is what a request found.
type Response struct {
	URL         string // the address asked for
	FinalURL    string // after redirects
	Redirects   []Redirect
	Status      int
	ContentType string // as the server sent it, with parameters
	Body        []byte // nil unless the body was asked for
}

// MediaType returns the response's media type without parameters, lower
// case: "text/html".
func (r *Response) MediaType() string {
	mt, _, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(r.ContentType, ";")[0]))
	}
	return mt
}

// Error is a request that could not be completed; its message says why
// in words an author can act on.
type Error struct {
	URL string
	Msg string
	Err error // the cause, if any
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// ErrTooLarge is the cause of an Error for a body over the size cap.
var ErrTooLarge = errors.New("body too large")

// CheckURL returns an error unless raw is an absolute http or https URL
// with a host.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, fmt.Errorf("%q is not an absolute URL (start it with https://)", raw)
		}
		return nil, fmt.Errorf("%q: only http and https addresses can be fetched, not %s", raw, u.Scheme)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%q has no host", raw)
	}
	return u, nil
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) maxBytes() int64 {
	if c.MaxBytes > 0 {
		return c.MaxBytes
	}
	return DefaultMaxBytes
}

// Get requests raw with method GET (or HEAD, if body is false and head is
// true) and follows redirects. A status of 400 or more is not an error:
// the Response says it. Errors are network failures, timeouts, too many
// redirects, a redirect to another scheme than http or https, and a body
// over the cap.
func (c *Client) Get(ctx context.Context, raw string, method string, body bool) (*Response, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return nil, &Error{URL: raw, Msg: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	resp := &Response{URL: raw}
	maxRedirects := c.MaxRedirects
	if maxRedirects <= 0 {
		maxRedirects = DefaultMaxRedirects
	}
	hc := &http.Client{
		Transport: c.Transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			prev := via[len(via)-1]
			status := 0
			if req.Response != nil {
				status = req.Response.StatusCode
			}
			resp.Redirects = append(resp.Redirects, Redirect{From: prev.URL.String(), To: req.URL.String(), Status: status})
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to a %s address", req.URL.Scheme)
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, &Error{URL: raw, Msg: err.Error(), Err: err}
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	r, err := hc.Do(req)
	if err != nil {
		return nil, requestError(raw, err, c.timeout())
	}
	defer r.Body.Close()
	resp.FinalURL = r.Request.URL.String()
	resp.Status = r.StatusCode
	resp.ContentType = r.Header.Get("Content-Type")
	if !body {
		return resp, nil
	}
	limit := c.maxBytes()
	if r.ContentLength > limit {
		return resp, &Error{URL: raw, Msg: fmt.Sprintf("%s is %s, more than the %s dossier reads", raw, size(r.ContentLength), size(limit)), Err: ErrTooLarge}
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return resp, requestError(raw, err, c.timeout())
	}
	if int64(len(b)) > limit {
		return resp, &Error{URL: raw, Msg: fmt.Sprintf("%s is more than the %s dossier reads", raw, size(limit)), Err: ErrTooLarge}
	}
	resp.Body = b
	return resp, nil
}

// requestError words a failed request.
func requestError(raw string, err error, timeout time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return &Error{URL: raw, Msg: fmt.Sprintf("%s did not answer within %s", raw, timeout), Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return &Error{URL: raw, Msg: fmt.Sprintf("%s: canceled", raw), Err: err}
	}
	msg := err.Error()
	if ue != nil {
		msg = ue.Err.Error()
	}
	return &Error{URL: raw, Msg: fmt.Sprintf("%s: %s", raw, msg), Err: err}
}

// size words a number of bytes.
func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Fetch gets the HTML page at raw for capture: it must answer 200 with an
// HTML media type.
func (c *Client) Fetch(ctx context.Context, raw string) (*Response, error) {
	r, err := c.Get(ctx, raw, http.MethodGet, true)
	if err != nil {
		return r, err
	}
	if r.Status != http.StatusOK {
		return r, &Error{URL: raw, Msg: fmt.Sprintf("%s answered %d %s", raw, r.Status, http.StatusText(r.Status))}
	}
	if err := CheckHTML(r.MediaType()); err != nil {
		return r, &Error{URL: raw, Msg: fmt.Sprintf("%s %v", raw, err)}
	}
	return r, nil
}

// CheckHTML returns an error unless the media type is one of HTML's (or
// is not given, as for a file saved from a browser).
func CheckHTML(mediaType string) error {
	switch mediaType {
	case "", "text/html", "application/xhtml+xml":
		return nil
	case "application/pdf":
		return fmt.Errorf("is a PDF (application/pdf), not an HTML page (copy its text into a file of seeds/ and run dossier new source)")
	}
	return fmt.Errorf("is %s, not an HTML page (dossier add captures web articles; for other text, put it in a file of seeds/ and run dossier new source)", mediaType)
}

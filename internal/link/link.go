// Package link decides which URLs content may use and how a site path
// written by an editor (/projects/saindak/) maps to an entry.
//
// Every URL from content passes Check before it reaches a page: the scheme
// allowlist is applied after entity decoding (done by the Markdown parser)
// and after control characters and spaces are stripped, because browsers
// ignore those when they read a scheme ("java\tscript:").
package link

import (
	"fmt"
	"html"
	"net/url"
	"strings"
)

// Kind says what sort of link a checked URL is.
type Kind int

// The kinds of link content may hold.
const (
	External Kind = iota // http, https
	Mail                 // mailto
	Site                 // a path on this site, "/..."
	Fragment             // "#anchor" on the same page
)

// Check applies the allowlist to a URL written in content: absolute http,
// https or mailto URLs, site paths starting with one "/", and fragments.
// It returns the cleaned URL and its kind, or an error that says why it is
// refused.
func Check(raw string) (string, Kind, error) {
	// Browsers decode entities in attributes and skip control characters
	// when they read a scheme, so the check looks at what they would see.
	s := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, strings.TrimSpace(html.UnescapeString(raw)))
	if s == "" {
		return "", 0, fmt.Errorf("empty link")
	}
	switch {
	case strings.HasPrefix(s, "#"):
		return s, Fragment, nil
	case strings.HasPrefix(s, "//"), strings.HasPrefix(s, `/\`), strings.HasPrefix(s, `\`):
		return "", 0, fmt.Errorf("link %q has no scheme: write https://", raw)
	case strings.HasPrefix(s, "/"):
		if strings.Contains(s, `\`) {
			return "", 0, fmt.Errorf("link %q has a backslash", raw)
		}
		return s, Site, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", 0, fmt.Errorf("link %q is not a valid URL", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", 0, fmt.Errorf("link %q has no host", raw)
		}
		return s, External, nil
	case "mailto":
		if u.Opaque == "" {
			return "", 0, fmt.Errorf("link %q has no address", raw)
		}
		return s, Mail, nil
	case "":
		return "", 0, fmt.Errorf("link %q is relative: write a site path like /projects/<slug>/ or a full https:// URL", raw)
	}
	return "", 0, fmt.Errorf("link %q uses the scheme %q: only http, https and mailto are allowed", raw, u.Scheme)
}

// CheckAbsolute accepts only absolute http and https URLs, as URL fields
// require.
func CheckAbsolute(raw string) error {
	if !strings.Contains(raw, "://") {
		// Not Check's advice for a link, which may be a site path.
		return fmt.Errorf("%q is not a full web address", raw)
	}
	s, kind, err := Check(raw)
	if err != nil {
		return err
	}
	if kind != External || s != raw {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if strings.ContainsAny(raw, " <>\"") {
		return fmt.Errorf("%q contains a space or a character not allowed in a URL", raw)
	}
	return nil
}

// SitePath is a site path split into its parts: "/projects/saindak/#figures"
// is Section "projects", Slug "saindak", Fragment "figures".
type SitePath struct {
	Section  string
	Slug     string
	Fragment string
}

// ParseSitePath splits a site path. It accepts "/section/", "/section/slug/"
// with or without the final slash or an "index.html", and "/" for home.
func ParseSitePath(p string) (SitePath, bool) {
	var sp SitePath
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, sp.Fragment = p[:i], p[i+1:]
	}
	if strings.ContainsAny(p, "?") {
		return sp, false
	}
	p = strings.TrimSuffix(strings.TrimPrefix(p, "/"), "index.html")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return sp, true
	}
	parts := strings.Split(p, "/")
	for _, part := range parts {
		if part == "" || part == "." || part == ".." {
			return sp, false
		}
	}
	switch len(parts) {
	case 1:
		sp.Section = parts[0]
	case 2:
		sp.Section, sp.Slug = parts[0], parts[1]
	default:
		return sp, false
	}
	return sp, true
}

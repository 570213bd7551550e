package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/emine-dev/emine/internal/entry"
)

// Page is what every template receives: the page's language, where it is,
// how to link from it, and its kind-specific Data.
type Page struct {
	site *Site
	// Loc formats text for the page's language.
	Loc  *Locale
	Lang entry.Language
	// Path is the output file, e.g. "zh/projects/saindak/index.html".
	Path string
	// dir is the folder of Path ("zh/projects/saindak/"); links are
	// relative to it.
	dir string
	// Section names the part of the site for navigation ("projects").
	Section     string
	Title       string
	Description string
	// Alternates are this page in every language, the current one marked.
	Alternates []Alternate
	Crumbs     []Crumb
	// Absolute writes root-absolute links (for 404.html, which a host
	// serves at any path).
	Absolute bool
	// marker writes links from the language root behind cardMarker.
	marker bool
	Data   any
}

// Alternate is the same page in another language.
type Alternate struct {
	Code, Name, Dir string
	Href, Abs       string
	Current         bool
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Name, Href string
}

// T returns an interface string in the page's language.
func (p *Page) T(key string, args ...any) string { return p.Loc.T(key, args...) }

// Site returns the site title in the page's language.
func (p *Page) SiteTitle() string {
	if p.Loc.Has("site.title") {
		return p.T("site.title")
	}
	return p.site.dir.Site.Title
}

// Link returns the href from this page to a root-relative target: a folder
// ("projects/", "" for home) or a file ("feed.xml"). Folders get
// "index.html" in portable builds.
func (p *Page) Link(target string) string {
	if p.Absolute {
		return p.site.basePath() + target
	}
	rel := relative(p.dir, target, p.site.prefixes)
	if p.marker {
		rel = cardMarker + rel
	}
	if p.site.opt.Portable && (target == "" || strings.HasSuffix(target, "/")) {
		rel += "index.html"
	}
	if rel == "" {
		return "./"
	}
	return rel
}

// Folder returns the relative path to a root-relative folder for scripts
// to append file names to; unlike Link it never adds "index.html".
func (p *Page) Folder(target string) string {
	if p.Absolute {
		return p.site.basePath() + target
	}
	if rel := relative(p.dir, target, p.site.prefixes); rel != "" {
		return rel
	}
	return "./"
}

// L links to a folder in the page's own language: L "projects/" on a
// Chinese page is zh/projects/.
func (p *Page) L(target string) string { return p.Link(p.site.langPrefix(p.Lang.Code) + target) }

// Asset links to a static file by its source name, fingerprinted if it was.
func (p *Page) Asset(name string) string {
	if fp, ok := p.site.opt.Assets[name]; ok {
		return p.Link(fp)
	}
	return p.Link(name)
}

// Abs returns the absolute URL of a root-relative target.
func (p *Page) Abs(target string) string { return p.site.opt.BaseURL + target }

// Canonical is this page's absolute URL.
func (p *Page) Canonical() string { return p.Abs(trimIndex(p.Path)) }

// Home links to the home page in the page's language.
func (p *Page) Home() string { return p.L("") }

// Collections lists the collections for navigation.
func (p *Page) Collections() []entry.Collection { return entry.Collections }

// Taxonomies lists the taxonomy names for navigation.
func (p *Page) Taxonomies() []string { return entry.Taxonomies }

// Search links to the search page with an optional query string.
func (p *Page) Search(query string) string {
	href := p.L("search/")
	if query != "" {
		href += "?" + query
	}
	return href
}

// Portable reports whether this is a portable build.
func (p *Page) Portable() bool { return p.site.opt.Portable }

// basePath is the path part of the base URL ("/" or "/some/path/").
func (s *Site) basePath() string {
	u := s.opt.BaseURL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			return u[j:]
		}
		return "/"
	}
	return u
}

// newPage starts a page at the root-relative folder path (with language
// prefix) for lang; langFree is the same folder without the prefix, used to
// build the alternates.
func (s *Site) newPage(lang, section, langFree string) *Page {
	loc := s.locales[lang]
	folder := s.langPrefix(lang) + langFree
	p := &Page{site: s, Loc: loc, Lang: loc.Lang, Path: folder + "index.html", dir: folder, Section: section}
	for _, l := range s.dir.Site.Languages {
		target := s.langPrefix(l.Code) + langFree
		p.Alternates = append(p.Alternates, Alternate{Code: l.Code, Name: l.Name, Dir: l.Dir,
			Href: p.Link(target), Abs: s.opt.BaseURL + target, Current: l.Code == lang})
	}
	return p
}

// PageLink is a free page (content/pages) for navigation.
type PageLink struct {
	Title Text
	Href  string
}

// FreePages lists the free pages in the page's language.
func (p *Page) FreePages() []PageLink {
	out := make([]PageLink, 0, len(p.site.dir.Pages))
	for _, e := range p.site.dir.Pages {
		t := p.site.localized(e, p.Lang.Code, e.Title, func(t *entry.Translation) string { return t.Title })
		out = append(out, PageLink{Title: t, Href: p.Link(p.site.entryPath(e, p.Lang.Code))})
	}
	return out
}

// relative returns the path from the folder dir (ending in "/", or "" for
// the root) to target, both root-relative. When both are in the same
// language tree (zh/...) the prefix is skipped, and nothing else is: the
// link then depends only on the language and the depth of dir, which lets
// pages share rendered navigation and cards.
func relative(dir, target string, langs map[string]bool) string {
	if i := strings.IndexByte(dir, '/'); i > 0 && langs[dir[:i]] && strings.HasPrefix(target, dir[:i+1]) {
		dir, target = dir[i+1:], target[i+1:]
	}
	return strings.Repeat("../", strings.Count(dir, "/")) + target
}

// Chrome renders the partial template name (the navigation bar, the
// footer) for this page. Its links depend only on the page's language,
// section and depth (see relative), so the result is cached for every page
// that shares them: an entry page does not re-run the footer's template.
func (p *Page) Chrome(name string) (template.HTML, error) {
	key := name + "|" + p.Lang.Code + "|" + p.Section + "|" + strconv.Itoa(strings.Count(p.dir, "/")) + "|" + strconv.FormatBool(p.Absolute)
	if html, ok := p.site.chrome.Load(key); ok {
		return html.(template.HTML), nil
	}
	var buf bytes.Buffer
	if err := p.site.tmpl.partial(&buf, name, p); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	p.site.chrome.Store(key, html)
	return html, nil
}

// cardMarker stands for the path from a page to its language root in cached
// cards; see Card.
const cardMarker = "@@root@@/"

// Card renders an entry's card for lists. A card is rendered once per
// language, with its links written from the language root behind a marker,
// and each use replaces the marker with the page's way up to that root; so
// every list, term and entry page that shows an entry shares one rendering.
func (p *Page) Card(l Listed) (template.HTML, error) {
	e := l.e
	up := relative(p.dir, p.site.langPrefix(p.Lang.Code), p.site.prefixes)
	if p.Absolute {
		up = p.site.basePath() + p.site.langPrefix(p.Lang.Code)
	}
	var slot *atomic.Pointer[[]string]
	if slots := p.site.cards[e]; slots != nil {
		slot = &slots[p.site.langIndex[p.Lang.Code]]
		if parts := slot.Load(); parts != nil {
			return template.HTML(strings.Join(*parts, up)), nil
		}
	}
	q := *p
	q.dir, q.marker, q.Absolute = p.site.langPrefix(p.Lang.Code), true, false
	var buf bytes.Buffer
	if err := p.site.tmpl.pages["page"].ExecuteTemplate(&buf, "card", cardOf{&q, p.site.card(&q, e)}); err != nil {
		return "", fmt.Errorf("render %s: card of %s: %w", p.Path, e.File, err)
	}
	parts := strings.Split(buf.String(), cardMarker)
	if slot != nil {
		slot.Store(&parts)
	}
	return template.HTML(strings.Join(parts, up)), nil
}

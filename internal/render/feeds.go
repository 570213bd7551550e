package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

// FeedSize is how many of the latest entries a feed carries.
const FeedSize = 50

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title    string   `xml:"title"`
	ID       string   `xml:"id"`
	Link     atomLink `xml:"link"`
	Updated  string   `xml:"updated"`
	Summary  string   `xml:"summary"`
	Category struct {
		Term  string `xml:"term,attr"`
		Label string `xml:"label,attr"`
	} `xml:"category"`
}

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"xml:lang,attr"`
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Links   []atomLink `xml:"link"`
	Updated string     `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

func atomTime(d entry.Date) string { return d.Time().Format("2006-01-02T15:04:05Z") }

// feed writes the Atom feed of lang: the latest entries by updated date.
func (s *Site) feed(buf *bytes.Buffer, lang string) error {
	loc := s.locales[lang]
	all := s.latest(FeedSize)
	base := s.opt.BaseURL + s.langPrefix(lang)
	title := s.dir.Site.Title
	if loc.Has("site.title") {
		title = loc.T("site.title")
	}
	f := atomFeed{Lang: lang, Title: title, ID: base,
		Links: []atomLink{{Href: base}, {Rel: "self", Href: base + "feed.xml"}}}
	f.Author.Name = title
	if len(all) > 0 {
		f.Updated = atomTime(all[0].Updated)
	} else {
		f.Updated = atomTime(entry.Date{Year: 2000})
	}
	for _, e := range all {
		u := s.opt.BaseURL + s.entryPath(e, lang)
		ae := atomEntry{
			Title:   s.localized(e, lang, e.Title, func(t *entry.Translation) string { return t.Title }).S,
			ID:      u,
			Link:    atomLink{Href: u},
			Updated: atomTime(e.Updated),
			Summary: s.localized(e, lang, e.Summary, func(t *entry.Translation) string { return t.Summary }).S,
		}
		ae.Category.Term = string(e.Collection)
		ae.Category.Label = loc.T("collection." + string(e.Collection) + ".one")
		f.Entries = append(f.Entries, ae)
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	return enc.Encode(f)
}

// latest returns the n most recently updated entries of every collection.
func (s *Site) latest(n int) []*entry.Entry {
	var all []*entry.Entry
	for _, c := range entry.Collections {
		all = append(all, s.dir.Entries[c]...)
	}
	return newest(all, n, func(a, b *entry.Entry) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(string(a.Collection)+a.Slug, string(b.Collection)+b.Slug)
	})
}

func (s *Site) robots(buf *bytes.Buffer) error {
	fmt.Fprintf(buf, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n", s.opt.BaseURL)
	return nil
}

// SitemapLimit is the most URLs one sitemap file may list.
const SitemapLimit = 50000

// sitemapURL is a folder of every language tree, with the date its entry
// was last changed.
type sitemapURL struct {
	Loc     string
	Lastmod string
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"sitemapindex"`
	NS       string   `xml:"xmlns,attr"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

// folders lists every HTML page folder of one language tree, without the
// language prefix, with the date it was last changed when it is an entry.
func (s *Site) folders() []sitemapURL {
	var out []sitemapURL
	add := func(folder string, d entry.Date) {
		u := sitemapURL{Loc: folder}
		if !d.IsZero() {
			u.Lastmod = d.String()
		}
		out = append(out, u)
	}
	add("", entry.Date{})
	add("search/", entry.Date{})
	for _, c := range entry.Collections {
		for n := 1; n <= pages(len(s.dir.Entries[c]), s.opt.PageSize); n++ {
			add(pagePath(string(c)+"/", n), entry.Date{})
		}
		for _, e := range s.dir.Entries[c] {
			add(string(c)+"/"+e.Slug+"/", e.Updated)
		}
	}
	for _, tax := range entry.Taxonomies {
		add(tax+"/", entry.Date{})
		for _, t := range s.dir.Taxonomies[tax].Terms {
			for n := 1; n <= pages(len(s.terms[tax][t.Key]), s.opt.PageSize); n++ {
				add(pagePath(termPath(tax, t.Key), n), entry.Date{})
			}
		}
	}
	for _, pg := range s.dir.Pages {
		add(pg.Slug+"/", pg.Updated)
	}
	return out
}

// sitemapJobs writes sitemap.xml with every page in every language and its
// hreflang alternates; past SitemapLimit URLs it becomes an index of parts.
func (s *Site) sitemapJobs() []Job {
	folders := s.folders()
	n := len(folders) * len(s.dir.Site.Languages)
	// What the sitemaps say follows from the folders and their dates.
	key := func() uint64 { return s.sitemapKey(folders) }
	if n <= SitemapLimit {
		return []Job{{Path: "sitemap.xml", Run: func(b *bytes.Buffer) error { s.writeSitemap(b, folders, 0, n); return nil }, Key: key, Cards: true}}
	}
	var jobs []Job
	idx := sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for i := 0; i*SitemapLimit < n; i++ {
		lo, hi := i*SitemapLimit, min((i+1)*SitemapLimit, n)
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		idx.Sitemaps = append(idx.Sitemaps, struct {
			Loc string `xml:"loc"`
		}{s.opt.BaseURL + name})
		jobs = append(jobs, Job{Path: name, Run: func(b *bytes.Buffer) error { s.writeSitemap(b, folders, lo, hi); return nil }, Key: key, Cards: true})
	}
	return append(jobs, Job{Path: "sitemap.xml", Run: func(b *bytes.Buffer) error {
		b.WriteString(xml.Header)
		return xml.NewEncoder(b).Encode(idx)
	}, Key: key, Cards: true})
}

// writeSitemap writes the sitemap of URLs lo to hi, URL i being folder
// i/L of language i%L, each with its alternates in every language. It
// writes what encoding/xml would, element by element: at 10,000 entries
// the file is 24 MB, and listing its URLs first would hold 13 MB more.
func (s *Site) writeSitemap(buf *bytes.Buffer, folders []sitemapURL, lo, hi int) {
	langs := s.dir.Site.Languages
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)
	start := buf.Len()
	const sample = 64
	for i := lo; i < hi; i++ {
		if i == lo+sample {
			// The size of the first URLs tells the rest.
			buf.Grow((buf.Len() - start) / sample * (hi - i) * 17 / 16)
		}
		f, lang := folders[i/len(langs)], langs[i%len(langs)].Code
		buf.WriteString("<url><loc>")
		escapeXML(buf, s.opt.BaseURL, s.langPrefix(lang), f.Loc)
		buf.WriteString("</loc>")
		if f.Lastmod != "" {
			buf.WriteString("<lastmod>")
			escapeXML(buf, f.Lastmod)
			buf.WriteString("</lastmod>")
		}
		for _, l := range langs {
			buf.WriteString(`<xhtml:link rel="alternate" hreflang="`)
			escapeXML(buf, l.Code)
			buf.WriteString(`" href="`)
			escapeXML(buf, s.opt.BaseURL, s.langPrefix(l.Code), f.Loc)
			buf.WriteString(`"></xhtml:link>`)
		}
		buf.WriteString(`<xhtml:link rel="alternate" hreflang="x-default" href="`)
		escapeXML(buf, s.opt.BaseURL, f.Loc)
		buf.WriteString(`"></xhtml:link></url>`)
	}
	buf.WriteString("</urlset>")
}

// escapeXML writes the parts as XML text, escaped as encoding/xml does.
func escapeXML(buf *bytes.Buffer, parts ...string) {
	for _, p := range parts {
		plain := true
		for i := 0; i < len(p); i++ {
			if c := p[i]; c < 0x20 || c >= 0x7f || strings.IndexByte(`"'&<>`, c) >= 0 {
				plain = false
				break
			}
		}
		if plain {
			buf.WriteString(p)
		} else {
			xml.EscapeText(buf, []byte(p))
		}
	}
}

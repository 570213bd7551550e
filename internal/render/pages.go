package render

import (
	"bytes"
	"io"
	"slices"

	"github.com/emine-dev/emine/internal/entry"
)

// Job renders one output file into a buffer.
type Job struct {
	// Path is the output file, slash-separated and relative to the root.
	Path string
	Run  func(buf *bytes.Buffer) error
	// NeedsSearch is set on the jobs that show the search index (the
	// search pages), which must wait until the index is built.
	NeedsSearch bool
	// Key fingerprints what the file shows beyond the site-wide inputs
	// (see keys.go); a rebuild skips a job whose key has not changed.
	// It is called, through Sum, only after the search index is set.
	Key func() uint64
	// Entry is the entry of an entry page, which shows other entries only
	// by their cards (see Site.cardKey); Cards marks a file that shows
	// entries only by their cards and counts (lists, terms, home, feeds,
	// sitemaps). Neither changes when another entry changes and keeps its
	// card (see Site.EntriesChanged).
	Entry *entry.Entry
	Cards bool
	// Front marks a file that shows entries' front matter and not their
	// bodies (the CSV tables): an edit to bodies alone leaves it as it was.
	Front bool
	// Data, when set, makes the file's bytes itself, in memory the
	// site's Memo keeps (the open data); Run then copies them.
	Data func() ([]byte, error)
	// Stream, set on the open data of a site without a Memo (a one-shot
	// build), writes the file to w an entry at a time instead, so that
	// the largest files of the site are never held whole; a caller that
	// cannot stream uses Data.
	Stream func(w io.Writer) error
	// An entry page has neither Run nor Key: its Lang and site say what
	// they would, without two closures for each of tens of thousands of
	// pages held for the whole build (see Render and Sum).
	Lang string
	site *Site
}

// Sum returns the job's key (see Key).
func (j Job) Sum() uint64 {
	if j.Key == nil && j.site != nil {
		return j.site.entryKey(j.Entry, j.Lang)
	}
	return j.Key()
}

// Render returns the file's bytes: those Data makes, or what Run writes
// into buf. The caller must not modify them, nor keep them past the build:
// the Memo rewrites Data's bytes in place when the job is next rendered
// (by this Site or the next one), and buf is reused.
func (j Job) Render(buf *bytes.Buffer) ([]byte, error) {
	if j.Data != nil {
		return j.Data()
	}
	buf.Reset()
	var err error
	if j.Run == nil && j.site != nil {
		err = j.site.entryPage(buf, j.Entry, j.Lang)
	} else {
		err = j.Run(buf)
	}
	return buf.Bytes(), err
}

// dataJob is the job of an open-data file: made whole in the Memo, or, on
// a site without one, streamed.
func (s *Site) dataJob(path string, file func() (joinedFile, error), key func() uint64) Job {
	data := func() ([]byte, error) {
		f, err := file()
		if err != nil {
			return nil, err
		}
		return s.opt.Memo.join(path, f)
	}
	j := Job{Path: path, Data: data, Key: key, Run: func(b *bytes.Buffer) error {
		d, err := data()
		b.Write(d)
		return err
	}}
	if s.opt.Memo == nil {
		j.Stream = func(w io.Writer) error {
			f, err := file()
			if err != nil {
				return err
			}
			return f.writeTo(w)
		}
	}
	return j
}

// Jobs lists every output file of the site in a fixed order: the largest
// files (open data, sitemaps) first, while the least else is held in
// memory, then the pages.
func (s *Site) Jobs() []Job {
	var jobs []Job
	add := func(path string, run func(*bytes.Buffer) error, key func() uint64) {
		jobs = append(jobs, Job{Path: path, Run: run, Key: key})
	}
	cards := func(path string, run func(*bytes.Buffer) error, key func() uint64) {
		jobs = append(jobs, Job{Path: path, Run: run, Key: key, Cards: true})
	}
	fixed := func(path string) func() uint64 { return func() uint64 { return newKey(path).sum() } }
	add("404.html", func(b *bytes.Buffer) error { return s.notFound(b) }, fixed("404.html"))
	add("robots.txt", func(b *bytes.Buffer) error { return s.robots(b) }, fixed("robots.txt"))
	for _, c := range entry.Collections {
		jobs = append(jobs, s.dataJob("data/"+string(c)+".json", func() (joinedFile, error) { return s.openJSON(c) }, func() uint64 {
			return newKey("data", string(c)).entries(s.dir.Entries[c]).sum()
		}))
		table := s.dataJob("data/"+string(c)+".csv", func() (joinedFile, error) { return s.openCSV(c) }, func() uint64 {
			return newKey("csv", string(c)).entries(s.dir.Entries[c]).sum()
		})
		table.Front = true // every field but the body
		jobs = append(jobs, table)
	}
	jobs = append(jobs, s.sitemapJobs()...)
	for _, l := range s.dir.Site.Languages {
		lang := l.Code
		pre := s.langPrefix(lang)
		cards(pre+"index.html", func(b *bytes.Buffer) error { return s.homePage(b, lang) }, func() uint64 {
			open, latest := s.homeLists(lang)
			return newKey("home", lang).num(s.counts).cards(s, open).cards(s, latest).sum()
		})
		jobs = append(jobs, Job{Path: pre + "search/index.html", Run: func(b *bytes.Buffer) error { return s.searchPage(b, lang) },
			NeedsSearch: true, Key: func() uint64 { return newKey(lang).num(s.searchKey()).sum() }})
		for _, c := range entry.Collections {
			list := s.sorted[lang][c]
			for n := 1; n <= pages(len(list), s.opt.PageSize); n++ {
				cards(pre+pagePath(string(c)+"/", n)+"index.html", func(b *bytes.Buffer) error { return s.listPage(b, lang, c, n) }, func() uint64 {
					return newKey("list", lang, string(c)).num(uint64(n)).num(s.counts).cards(s, window(list, n, s.opt.PageSize)).sum()
				})
			}
		}
		for _, tax := range entry.Taxonomies {
			cards(pre+tax+"/index.html", func(b *bytes.Buffer) error { return s.taxonomyPage(b, lang, tax) }, func() uint64 {
				return newKey("taxonomy", lang, tax).num(s.counts).sum()
			})
			for _, t := range s.dir.Taxonomies[tax].Terms {
				list := s.terms[tax][t.Key]
				for n := 1; n <= pages(len(list), s.opt.PageSize); n++ {
					cards(pre+pagePath(termPath(tax, t.Key), n)+"index.html", func(b *bytes.Buffer) error { return s.termPage(b, lang, tax, t, n) }, func() uint64 {
						return newKey("term", lang, tax, t.Key).num(uint64(n)).num(s.counts).cards(s, window(list, n, s.opt.PageSize)).sum()
					})
				}
			}
		}
		for _, pg := range s.dir.Pages {
			add(s.entryPath(pg, lang)+"index.html", func(b *bytes.Buffer) error { return s.freePage(b, pg, lang) }, func() uint64 {
				return newKey("page", lang).entry(pg).sum()
			})
		}
		cards(pre+"feed.xml", func(b *bytes.Buffer) error { return s.feed(b, lang) }, func() uint64 {
			return newKey("feed", lang).cards(s, s.latest(FeedSize)).sum()
		})
	}
	// An entry's pages in every language follow one another, so that a
	// body shown untranslated in several languages leaves the body cache
	// as soon as it is used (see Site.body).
	for _, c := range entry.Collections {
		for _, e := range s.dir.Entries[c] {
			for _, l := range s.dir.Site.Languages {
				lang := l.Code
				jobs = append(jobs, Job{Path: s.entryPath(e, lang) + "index.html", Entry: e, Lang: lang, site: s})
			}
		}
	}
	return jobs
}

func pages(n, size int) int { return max(1, (n+size-1)/size) }

func (s *Site) pager(p *Page, base string, n, total int) Pager {
	pg := Pager{Page: n, Pages: pages(total, s.opt.PageSize)}
	if pg.Pages <= 1 {
		return pg
	}
	href := func(i int) string { return p.L(pagePath(base, i)) }
	if n > 1 {
		pg.Prev = href(n - 1)
	}
	if n < pg.Pages {
		pg.Next = href(n + 1)
	}
	last := 0
	for i := 1; i <= pg.Pages; i++ {
		if i == 1 || i == pg.Pages || (i >= n-2 && i <= n+2) {
			if last != 0 && i > last+1 {
				pg.Links = append(pg.Links, PagerLink{Gap: true})
			}
			pg.Links = append(pg.Links, PagerLink{N: i, Href: href(i), Current: i == n})
			last = i
		}
	}
	return pg
}

func window[T any](list []T, n, size int) []T {
	lo := min((n-1)*size, len(list))
	return list[lo:min(lo+size, len(list))]
}

func (s *Site) listPage(buf *bytes.Buffer, lang string, c entry.Collection, n int) error {
	base := string(c) + "/"
	p := s.newPage(lang, string(c), pagePath(base, n))
	list := s.sorted[lang][c]
	v := &ListView{Collection: string(c), Heading: p.T("collection." + string(c)), Total: len(list)}
	v.Cards = listed(window(list, n, s.opt.PageSize))
	v.Pager = s.pager(p, base, n, len(list))
	v.Search = s.searchWidget(p)
	if c == entry.Projects {
		for _, tax := range []string{entry.TaxMinerals, entry.TaxProvinces, entry.TaxStages, entry.TaxValueChain} {
			v.Facets = append(v.Facets, s.taxGroup(p, tax, nil))
		}
	}
	p.Title = v.Heading
	if n > 1 {
		p.Title = p.T("list.page_title", v.Heading, n)
	}
	p.Description = p.T("collection." + string(c) + ".intro")
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}}
	p.Data = v
	return s.tmpl.execute(buf, "list", p)
}

// taxGroup lists a taxonomy's terms that have entries matching keep, with
// counts.
func (s *Site) taxGroup(p *Page, tax string, keep func(*entry.Entry) bool) TaxGroup {
	g := TaxGroup{Name: tax, Label: p.T("taxonomy." + tax), Href: p.L(tax + "/")}
	for _, t := range s.dir.Taxonomies[tax].Terms {
		count := 0
		for _, e := range s.terms[tax][t.Key] {
			if keep == nil || keep(e) {
				count++
			}
		}
		if count > 0 {
			g.Terms = append(g.Terms, TermLink{Name: t.Name(p.Lang.Code, s.def), Href: p.L(termPath(tax, t.Key)), Count: count, Group: t.Group})
		}
	}
	return g
}

func (s *Site) termPage(buf *bytes.Buffer, lang, tax string, t *entry.Term, n int) error {
	base := termPath(tax, t.Key)
	p := s.newPage(lang, tax, pagePath(base, n))
	list := s.terms[tax][t.Key]
	v := &TermView{Taxonomy: tax, Label: p.T("taxonomy." + tax), Name: t.Name(lang, s.def), Total: len(list)}
	v.Cards = listed(window(list, n, s.opt.PageSize))
	v.Pager = s.pager(p, base, n, len(list))
	v.Others = s.taxGroup(p, tax, nil).Terms
	facet := map[string]string{entry.TaxMinerals: "mineral", entry.TaxProvinces: "province", entry.TaxStages: "stage", entry.TaxValueChain: "value_chain"}[tax]
	v.Search = p.Search(facet + "=" + t.Key)
	p.Title = v.Label + ": " + v.Name
	p.Description = p.T("term.description", v.Name, len(list))
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}, {v.Label, p.L(tax + "/")}}
	p.Data = v
	return s.tmpl.execute(buf, "term", p)
}

func (s *Site) taxonomyPage(buf *bytes.Buffer, lang, tax string) error {
	p := s.newPage(lang, tax, tax+"/")
	g := s.taxGroup(p, tax, nil)
	for _, t := range s.dir.Taxonomies[tax].Terms {
		if len(s.terms[tax][t.Key]) == 0 {
			g.Terms = append(g.Terms, TermLink{Name: t.Name(lang, s.def), Href: p.L(termPath(tax, t.Key)), Group: t.Group})
		}
	}
	v := &TaxonomyView{Taxonomy: tax, Label: g.Label, Terms: g.Terms}
	p.Title = v.Label
	p.Description = p.T("taxonomy." + tax + ".intro")
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}}
	p.Data = v
	return s.tmpl.execute(buf, "taxonomy", p)
}

func (s *Site) homePage(buf *bytes.Buffer, lang string) error {
	p := s.newPage(lang, "home", "")
	v := &HomeView{}
	for _, c := range entry.Collections {
		v.Counts = append(v.Counts, TermLink{Name: p.T("collection." + string(c)), Href: p.L(string(c) + "/"), Count: len(s.dir.Entries[c])})
	}
	open, latest := s.homeLists(lang)
	v.Open, v.Latest = listed(open), listed(latest)
	for _, tax := range entry.Taxonomies {
		v.Browse = append(v.Browse, s.taxGroup(p, tax, nil))
	}
	p.Title = p.SiteTitle()
	p.Description = p.T("site.description")
	p.Data = v
	return s.tmpl.execute(buf, "home", p)
}

// homeLists returns the open opportunities and the latest entries the home
// page of lang shows.
func (s *Site) homeLists(lang string) (open, latest []*entry.Entry) {
	var all []*entry.Entry
	for _, c := range entry.Collections {
		for _, e := range s.sorted[lang][c] {
			all = append(all, e)
			if e.Project != nil && e.Project.Opportunity != nil && e.Project.Opportunity.Open {
				open = append(open, e)
			}
		}
	}
	return open[:min(len(open), 6)], newest(all, 6, func(a, b *entry.Entry) int { return b.Updated.Compare(a.Updated) })
}

// newest returns the first n of list in a stable sort by cmp, without
// sorting the rest.
func newest(list []*entry.Entry, n int, cmp func(a, b *entry.Entry) int) []*entry.Entry {
	top := make([]*entry.Entry, 0, n+1)
	for _, e := range list {
		// Insert after every element that is not after e, so ties keep
		// the order of list.
		i := len(top)
		for i > 0 && cmp(top[i-1], e) > 0 {
			i--
		}
		if i >= n {
			continue
		}
		top = slices.Insert(top, i, e)
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

func (s *Site) freePage(buf *bytes.Buffer, e *entry.Entry, lang string) error {
	p := s.newPage(lang, e.Slug, e.Slug+"/")
	v := &PageView{Updated: p.Loc.Date(e.Updated)}
	v.Title = s.localized(e, lang, e.Title, func(t *entry.Translation) string { return t.Title })
	v.Untranslated = lang != s.def && e.Translations[lang] == nil
	body, bodyLang, errs := s.body(p, e)
	v.Body = body
	if bodyLang != lang {
		v.BodyLang, v.BodyDir = bodyLang, dirOf(s, bodyLang)
	}
	p.Title = v.Title.S
	p.Description = s.localized(e, lang, e.Summary, func(t *entry.Translation) string { return t.Summary }).S
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}}
	p.Data = v
	if err := s.tmpl.execute(buf, "page", p); err != nil {
		return err
	}
	return errs.Err()
}

func (s *Site) notFound(buf *bytes.Buffer) error {
	p := s.newPage(s.def, "404", "")
	p.Path = "404.html"
	p.Absolute = !s.opt.Portable
	for i := range p.Alternates {
		p.Alternates[i].Href = p.Link(s.langPrefix(p.Alternates[i].Code))
	}
	p.Title = p.T("notfound.title")
	p.Data = &PageView{Title: Text{S: p.Title}}
	return s.tmpl.execute(buf, "404", p)
}

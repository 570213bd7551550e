// Package render turns the loaded directory into the pages, feeds, sitemap
// and open-data files of the published site. Templates are parsed once per
// build; each output file is a Job that renders into a buffer, so the build
// can run jobs on every core and stream them to disk.
//
// Every link on a page is relative to that page, so the output works at a
// domain root, under a sub-path and, with Options.Portable, opened from disk.
package render

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/markdown"
	"github.com/emine-dev/emine/internal/search"
)

// Options changes how the site is rendered.
type Options struct {
	// BaseURL is the absolute URL the site is published at, ending in "/";
	// it is used only where absolute URLs are required (feeds, sitemap,
	// canonical links, 404 page). Empty uses data/site.yaml.
	BaseURL string
	// Portable writes links to ".../index.html" so the output also works
	// opened straight from disk.
	Portable bool
	// Today decides which incentives are expired.
	Today entry.Date
	// Assets maps a static file's name ("site.css") to its published,
	// fingerprinted name ("site.1a2b3c4d5e.css").
	Assets map[string]string
	// PageSize is how many entries a list page shows; zero means 50.
	PageSize int
	// Memo, when set, keeps work for the next Site of the same source.
	Memo *Memo
}

// Site is the directory prepared for rendering: lookups, reverse links,
// term indexes and sorted lists, computed once per build.
type Site struct {
	dir     *entry.Directory
	tmpl    *Templates
	opt     Options
	md      *markdown.Renderer
	locales map[string]*Locale
	def     string
	// reverse[target][relation] lists entries that point at target;
	// forward[e] the entries e points at.
	reverse map[*entry.Entry]map[string][]*entry.Entry
	forward map[*entry.Entry][]*entry.Entry
	// counts fingerprints the size of every collection and term.
	counts uint64
	// cardKeys and depKeys hold the parts of job keys (see keys.go).
	keysOnce sync.Once
	cardKeys map[*entry.Entry]uint64
	// keyPages are the pages cards are worked out on for their keys, one
	// per language.
	keyPagesOnce sync.Once
	keyPages     map[string]*Page
	depMu        sync.Mutex
	depKeys      map[*entry.Entry]uint64
	// terms[taxonomy][key] lists the entries that have the term.
	terms map[string]map[string][]*entry.Entry
	// sorted[lang][collection] is the collection in title order for lang.
	sorted map[string]map[entry.Collection][]*entry.Entry
	// statics are the published names of static files, for link checks.
	statics map[string]bool
	search  *search.Index
	// order is the documents' order in the search index.
	orderOnce sync.Once
	order     []*entry.Entry
	// chrome caches navigation and footer HTML; see Page.Chrome.
	chrome sync.Map
	// cards holds each entry's rendered card in each language (by
	// langIndex), cut where the way up to the language root goes (see
	// Page.Card); bodyCache holds bodies rendered for one language and
	// shown in others.
	cards     map[*entry.Entry][]atomic.Pointer[[]string]
	langIndex map[string]int
	bodyCache sync.Map
	// similarCache holds each project's similar projects (see similar);
	// ringsBy the projects of each province by set of minerals and stage
	// (see rings).
	similarCache sync.Map
	ringsOnce    sync.Once
	ringsBy      map[string]*provinceRings
	// prefixes are the folder names of the non-default languages.
	prefixes map[string]bool
}

// NewSite prepares dir for rendering with the parsed templates.
func NewSite(dir *entry.Directory, tmpl *Templates, md *markdown.Renderer, opt Options) *Site {
	if opt.BaseURL == "" {
		opt.BaseURL = dir.Site.BaseURL
	}
	if !strings.HasSuffix(opt.BaseURL, "/") {
		opt.BaseURL += "/"
	}
	if opt.PageSize == 0 {
		opt.PageSize = 50
	}
	s := &Site{dir: dir, tmpl: tmpl, opt: opt, md: md, def: dir.Site.DefaultLanguage,
		locales: map[string]*Locale{}, statics: map[string]bool{}, depKeys: map[*entry.Entry]uint64{}}
	s.prefixes = map[string]bool{}
	for _, l := range dir.Site.Languages {
		if l.Code != s.def {
			s.prefixes[l.Code] = true
		}
		s.locales[l.Code] = &Locale{Lang: l, strings: dir.Strings[l.Code], fallback: dir.Strings[s.def]}
	}
	for _, name := range opt.Assets {
		s.statics[name] = true
	}
	opt.Memo.next()
	s.index()
	s.langIndex = map[string]int{}
	for i, l := range dir.Site.Languages {
		s.langIndex[l.Code] = i
	}
	s.cards = map[*entry.Entry][]atomic.Pointer[[]string]{}
	for _, c := range entry.Collections {
		for _, e := range dir.Entries[c] {
			s.cards[e] = make([]atomic.Pointer[[]string], len(dir.Site.Languages))
		}
	}
	return s
}

// Directory returns the directory being rendered.
func (s *Site) Directory() *entry.Directory { return s.dir }

// Relations an entry can have with the entries that point at it.
const (
	relOperates    = "operates"
	relPartnerIn   = "partner-in"
	relIssued      = "issued"
	relGrants      = "grants"
	relBasisOf     = "basis-of"
	relCitedBy     = "cited-by"
	relBenefits    = "benefits"
	relSupersedeBy = "superseded-by"
)

// links calls link for every entry e points at, with the relation the
// target's page names it by, and term for every term e has: what the site's
// indexes are made of. Outline fingerprints the same.
func links(e *entry.Entry, link func(c entry.Collection, slug, rel string), term func(tax string, keys ...string)) {
	switch {
	case e.Project != nil:
		p := e.Project
		if p.Operator != "" {
			link(entry.Partners, p.Operator, relOperates)
		}
		for _, x := range p.Partners {
			link(entry.Partners, x, relPartnerIn)
		}
		for _, x := range p.Policies {
			link(entry.Policies, x, relCitedBy)
		}
		for _, x := range p.Incentives {
			link(entry.Incentives, x, relBenefits)
		}
		term(entry.TaxMinerals, p.Minerals...)
		term(entry.TaxProvinces, p.Province)
		term(entry.TaxStages, p.Stage)
		term(entry.TaxValueChain, p.ValueChain...)
	case e.Policy != nil:
		link(entry.Partners, e.Policy.Authority, relIssued)
		if e.Policy.Supersedes != "" {
			link(entry.Policies, e.Policy.Supersedes, relSupersedeBy)
		}
		term(entry.TaxMinerals, e.Policy.Minerals...)
		term(entry.TaxProvinces, e.Policy.Jurisdiction)
		term(entry.TaxValueChain, e.Policy.ValueChain...)
	case e.Incentive != nil:
		link(entry.Partners, e.Incentive.Authority, relGrants)
		if e.Incentive.LegalBasis != "" {
			link(entry.Policies, e.Incentive.LegalBasis, relBasisOf)
		}
		term(entry.TaxMinerals, e.Incentive.Minerals...)
		term(entry.TaxProvinces, e.Incentive.Jurisdiction)
		term(entry.TaxValueChain, e.Incentive.ValueChain...)
	case e.Partner != nil:
		term(entry.TaxValueChain, e.Partner.ValueChain...)
	}
}

func (s *Site) index() {
	s.reverse = map[*entry.Entry]map[string][]*entry.Entry{}
	s.forward = map[*entry.Entry][]*entry.Entry{}
	s.terms = map[string]map[string][]*entry.Entry{}
	for _, t := range entry.Taxonomies {
		s.terms[t] = map[string][]*entry.Entry{}
	}
	for _, c := range entry.Collections {
		for _, e := range s.dir.Entries[c] {
			links(e, func(c entry.Collection, slug, rel string) {
				to := s.dir.Lookup(c, slug)
				if to == nil {
					return
				}
				s.forward[e] = append(s.forward[e], to)
				m := s.reverse[to]
				if m == nil {
					m = map[string][]*entry.Entry{}
					s.reverse[to] = m
				}
				if !slices.Contains(m[rel], e) {
					m[rel] = append(m[rel], e)
				}
			}, func(tax string, keys ...string) {
				for _, k := range keys {
					if k != "" && k != "federal" {
						s.terms[tax][k] = append(s.terms[tax][k], e)
					}
				}
			})
		}
	}
	s.sorted = map[string]map[entry.Collection][]*entry.Entry{}
	for _, l := range s.dir.Site.Languages {
		m := map[entry.Collection][]*entry.Entry{}
		for _, c := range entry.Collections {
			m[c] = s.sortByTitle(l.Code, s.dir.Entries[c])
		}
		s.sorted[l.Code] = m
	}
	for _, m := range s.reverse {
		for rel, list := range m {
			m[rel] = s.sortByCollectionTitle(list)
		}
	}
	for tax := range s.terms {
		for k, list := range s.terms[tax] {
			s.terms[tax][k] = s.sortByCollectionTitle(list)
		}
	}
	s.counts = s.countsKey()
}

// sortByTitle orders entries by their title in lang with that language's
// collation (pinyin for Chinese), then by slug.
func (s *Site) sortByTitle(lang string, list []*entry.Entry) []*entry.Entry {
	// The same slugs with the same titles sort as they did last time.
	name := lang
	if len(list) > 0 {
		name += "\x00" + string(list[0].Collection)
	}
	sig := newKey(name)
	for _, e := range list {
		sig.str(e.Slug).str(s.title(e, lang))
	}
	if idx := s.opt.Memo.order(name, sig.sum()); len(idx) == len(list) {
		out := make([]*entry.Entry, len(list))
		for i, j := range idx {
			out[i] = list[j]
		}
		return out
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	col := collate.New(tag, collate.IgnoreCase, collate.Loose)
	type keyed struct {
		key []byte
		i   int
	}
	var buf collate.Buffer
	items := make([]keyed, len(list))
	for i, e := range list {
		items[i] = keyed{s.opt.Memo.collationKey(lang, s.title(e, lang), func() []byte {
			defer buf.Reset()
			return append([]byte(nil), col.KeyFromString(&buf, s.title(e, lang))...)
		}), i}
	}
	slices.SortStableFunc(items, func(a, b keyed) int {
		if c := strings.Compare(string(a.key), string(b.key)); c != 0 {
			return c
		}
		return strings.Compare(list[a.i].Slug, list[b.i].Slug)
	})
	out := make([]*entry.Entry, len(items))
	idx := make([]int, len(items))
	for i, it := range items {
		out[i], idx[i] = list[it.i], it.i
	}
	s.opt.Memo.setOrder(name, sig.sum(), idx)
	return out
}

func (s *Site) sortByCollectionTitle(list []*entry.Entry) []*entry.Entry {
	order := map[entry.Collection]int{}
	for i, c := range entry.Collections {
		order[c] = i
	}
	cmp := func(a, b *entry.Entry) int {
		if d := order[a.Collection] - order[b.Collection]; d != 0 {
			return d
		}
		return strings.Compare(a.Slug, b.Slug)
	}
	// Lists gathered collection by collection from slug-sorted entries
	// are in order already.
	if slices.IsSortedFunc(list, cmp) {
		return list
	}
	out := slices.Clone(list)
	slices.SortStableFunc(out, cmp)
	return out
}

// title returns the entry's title in lang, falling back to the default.
func (s *Site) title(e *entry.Entry, lang string) string {
	if t := e.Translations[lang]; t != nil && t.Title != "" {
		return t.Title
	}
	return e.Title
}

// entryPath is the root-relative folder of an entry in lang.
func (s *Site) entryPath(e *entry.Entry, lang string) string {
	if e.Collection == "" {
		return s.langPrefix(lang) + e.Slug + "/"
	}
	return s.langPrefix(lang) + string(e.Collection) + "/" + e.Slug + "/"
}

func (s *Site) langPrefix(lang string) string {
	if lang == s.def {
		return ""
	}
	return lang + "/"
}

func pagePath(base string, n int) string {
	if n <= 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, n)
}

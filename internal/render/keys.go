package render

import (
	"fmt"
	"hash/maphash"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/emine-dev/emine/internal/entry"
)

// A job's key fingerprints what its file shows beyond the site-wide inputs
// (templates, data, static files, options, and the Shape of the directory):
// the entries it shows, in order, and the counts it prints. Two builds
// whose site-wide inputs match write the same bytes for a job whose key
// matches, so a rebuild may skip it. A key errs on the side of changing:
// it may name an entry the file does not end up showing, never leave out
// one it does.

var keySeed = maphash.MakeSeed()

// key accumulates a fingerprint; each value is mixed in with the
// finalizer of SplitMix64, so order matters and nearby values spread.
type key struct{ h uint64 }

func newKey(parts ...string) *key {
	k := &key{h: 0x9e3779b97f4a7c15}
	for _, p := range parts {
		k.str(p)
	}
	return k
}

func (k *key) str(s string) *key { return k.num(maphash.String(keySeed, s)) }

func (k *key) num(n uint64) *key {
	x := k.h ^ n
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	k.h = x ^ (x >> 31)
	return k
}

// entry adds the fingerprint of an entry's text, which covers its path.
func (k *key) entry(e *entry.Entry) *key { return k.num(e.Source) }

func (k *key) entries(list []*entry.Entry) *key {
	k.num(uint64(len(list)))
	for _, e := range list {
		k.entry(e)
	}
	return k
}

// cards adds what other pages show of each entry (see cardKey), so that
// editing anything else of it (its body, a figure, a source) leaves the
// lists and pages that show it alone.
func (k *key) cards(s *Site, list []*entry.Entry) *key {
	k.num(uint64(len(list)))
	for _, e := range list {
		k.num(s.cardKey(e))
	}
	return k
}

func (k *key) sum() uint64 { return k.h }

// view adds every field of a view model, walked by reflection so that a
// field added to Card or Item is covered without a change here.
func (k *key) view(v reflect.Value) *key {
	switch v.Kind() {
	case reflect.String:
		k.str(v.String())
	case reflect.Bool:
		if v.Bool() {
			k.num(1)
		} else {
			k.num(0)
		}
	case reflect.Int, reflect.Int64:
		k.num(uint64(v.Int()))
	case reflect.Slice:
		k.num(uint64(v.Len()))
		for i := range v.Len() {
			k.view(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			k.view(v.Field(i))
		}
	default:
		// Any other kind by its printed value: a pointer's changes from
		// build to build, which errs on the side of rendering again.
		k.str(fmt.Sprintf("%#v", v))
	}
	return k
}

// cardKey fingerprints what pages other than its own show of an entry: its
// card (lists, terms, the home page, related entries) and its name and
// link in their facts (refItem), in every language, and its collection,
// slug and date (feeds, sitemaps). Templates see other entries through
// these alone (see Listed). The memo keeps the key by the entry's Source
// and the site-wide inputs it was worked out under (Memo.SetEpoch).
func (s *Site) cardKey(e *entry.Entry) uint64 {
	s.keysOnce.Do(func() {
		var all []*entry.Entry
		for _, c := range entry.Collections {
			all = append(all, s.dir.Entries[c]...)
		}
		keys := make([]uint64, len(all))
		var at atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := int(at.Add(1) - 1); i < len(all); i = int(at.Add(1) - 1) {
					keys[i] = s.opt.Memo.cardKey(all[i].Source, func() uint64 { return s.cardKeyOf(all[i]) })
				}
			})
		}
		wg.Wait()
		s.cardKeys = make(map[*entry.Entry]uint64, len(all))
		for i, e := range all {
			s.cardKeys[e] = keys[i]
		}
	})
	if k, ok := s.cardKeys[e]; ok {
		return k
	}
	return s.cardKeyOf(e)
}

func (s *Site) cardKeyOf(e *entry.Entry) uint64 {
	k := newKey("card", string(e.Collection), e.Slug, e.Updated.String())
	s.keyPagesOnce.Do(func() {
		s.keyPages = map[string]*Page{}
		for _, l := range s.dir.Site.Languages {
			// A card is rendered from its language's root, behind the
			// marker (see Page.Card).
			p := s.newPage(l.Code, "", "")
			p.marker = true
			s.keyPages[l.Code] = p
		}
	})
	for _, l := range s.dir.Site.Languages {
		p := s.keyPages[l.Code]
		k.str(l.Code)
		k.view(reflect.ValueOf(s.card(p, e)))
		k.view(reflect.ValueOf(s.refItem(p, e.Collection, e.Slug)))
	}
	return k.sum()
}

// Shape fingerprints what every page may depend on in the directory beyond
// the entries it shows: which entries exist, in which languages each has a
// body of its own (links from any body resolve against these), and the
// titles of the free pages (in every footer).
// A rebuild that changes the shape renders every page again.
func (s *Site) Shape() uint64 {
	k := newKey("shape")
	add := func(e *entry.Entry) {
		k.str(string(e.Collection)).str(e.Slug)
		for _, l := range s.dir.Site.Languages {
			if t := e.Translations[l.Code]; t != nil && t.HasBody() {
				k.str(l.Code)
			}
		}
		k.str("")
	}
	for _, c := range entry.Collections {
		for _, e := range s.dir.Entries[c] {
			add(e)
		}
	}
	// Free pages are named, in every language, in every page's footer.
	for _, pg := range s.dir.Pages {
		add(pg)
		k.str(pg.Title)
		for _, l := range s.dir.Site.Languages {
			if t := pg.Translations[l.Code]; t != nil {
				k.str(l.Code).str(t.Title)
			}
		}
	}
	return k.sum()
}

// countsKey fingerprints the number of entries in each collection and of
// each taxonomy term, which lists, term pages and the home page print.
func (s *Site) countsKey() uint64 {
	k := newKey("counts")
	for _, c := range entry.Collections {
		k.num(uint64(len(s.dir.Entries[c])))
	}
	for _, tax := range entry.Taxonomies {
		for _, t := range s.dir.Taxonomies[tax].Terms {
			k.num(uint64(len(s.terms[tax][t.Key])))
		}
	}
	return k.sum()
}

// entryKey covers an entry page: the entry, the entries it names in its
// facts, those that point at it, and the similar projects it lists. The
// part that does not depend on the language is worked out once.
func (s *Site) entryKey(e *entry.Entry, lang string) uint64 {
	s.depMu.Lock()
	deps, ok := s.depKeys[e]
	s.depMu.Unlock()
	if !ok {
		k := newKey("entry").entry(e)
		k.cards(s, s.forward[e])
		rev := s.reverse[e]
		rels := make([]string, 0, len(rev))
		for rel := range rev {
			rels = append(rels, rel)
		}
		slices.Sort(rels)
		for _, rel := range rels {
			k.str(rel).cards(s, rev[rel])
		}
		deps = k.cards(s, s.similar(e)).sum()
		s.depMu.Lock()
		s.depKeys[e] = deps
		s.depMu.Unlock()
	}
	return newKey(lang).num(deps).sum()
}

// Outline fingerprints what the site works out from an entry beyond its
// own pages and card: its place in every list (collection, slug, titles in
// every language, date, draft), its links and terms (the reverse links,
// term pages and similar projects of other entries), which languages it is
// written in, whether the home page shows it as open to investors, and its
// place in the search index (searchGroup). An edit that leaves the outline
// alone changes the entry's own pages and the files that show its card, and
// nothing else.
func (s *Site) Outline(e *entry.Entry) uint64 {
	k := newKey("outline", string(e.Collection), e.Slug, e.Title, e.Updated.String())
	if e.Draft {
		k.str("draft")
	}
	if e.HasBody() {
		k.str("body")
	}
	for _, l := range s.dir.Site.Languages {
		k.str(l.Code)
		if t := e.Translations[l.Code]; t != nil {
			k.str(t.Title).str(t.Updated.String())
			if t.HasBody() {
				k.str("body")
			}
		}
	}
	links(e, func(c entry.Collection, slug, rel string) {
		k.str("link").str(string(c)).str(slug).str(rel)
	}, func(tax string, keys ...string) {
		k.str("term").str(tax)
		for _, key := range keys {
			k.str(key)
		}
	})
	if e.Project != nil && e.Project.Opportunity != nil && e.Project.Opportunity.Open {
		k.str("open")
	}
	return k.str(s.searchGroup(e)).sum()
}

// EntriesChanged tells the site that these entries changed in place
// (content.Cache.ApplyEdits), each keeping its outline: what it keeps of
// them is dropped. It returns the entries whose pages may show one of them,
// the changed entries among them: every other entry's pages are as they
// were, and a rebuild may skip their keys. An entry whose card changed
// (see cardKey) is shown by the entries it links to or from and by the
// projects that list it as similar; cardsChanged reports whether any did.
// When none did, the lists, feeds and sitemaps are as they were too.
func (s *Site) EntriesChanged(list []*entry.Entry) (shown []*entry.Entry, cardsChanged bool) {
	shown = slices.Clone(list)
	add := func(x *entry.Entry) {
		if !slices.Contains(shown, x) {
			shown = append(shown, x)
		}
	}
	s.cardKey(list[0]) // the card keys are worked out
	var changed []*entry.Entry
	for _, e := range list {
		if e.Collection == "" {
			continue // a free page: others show only its title, in the outline
		}
		k := s.opt.Memo.cardKey(e.Source, func() uint64 { return s.cardKeyOf(e) })
		if k == s.cardKeys[e] {
			continue
		}
		s.cardKeys[e] = k
		changed = append(changed, e)
		for _, rel := range s.reverse[e] {
			for _, x := range rel {
				add(x)
			}
		}
		for _, x := range s.forward[e] {
			add(x)
		}
		if e.Project != nil {
			for _, x := range s.terms[entry.TaxProvinces][e.Project.Province] {
				// Only a project sharing a mineral can list e.
				if x != e && x.Project != nil && slices.ContainsFunc(x.Project.Minerals, func(m string) bool { return slices.Contains(e.Project.Minerals, m) }) &&
					slices.Contains(s.similar(x), e) {
					add(x)
				}
			}
		}
	}
	for _, e := range changed {
		for i := range s.cards[e] {
			s.cards[e][i].Store(nil)
		}
	}
	s.depMu.Lock()
	for _, e := range shown {
		delete(s.depKeys, e)
	}
	s.depMu.Unlock()
	s.bodyCache.Range(func(k, _ any) bool {
		if slices.Contains(list, k.(bodyKey).e) {
			s.bodyCache.Delete(k)
		}
		return true
	})
	return shown, len(changed) > 0
}

// Trim drops the rendered cards and bodies the site keeps for the pages of
// one build; a site kept for the next rebuild makes the few it needs again.
func (s *Site) Trim() {
	for _, slots := range s.cards {
		for i := range slots {
			slots[i].Store(nil)
		}
	}
	s.bodyCache.Clear()
}

func (s *Site) searchKey() uint64 {
	k := newKey("search").num(s.counts)
	if s.search != nil {
		k.str(fmt.Sprint(s.search.Counts)).str(s.search.Meta)
	}
	return k.sum()
}

func (s *Site) sitemapKey(urls []sitemapURL) uint64 {
	k := newKey("sitemap")
	for _, u := range urls {
		k.str(u.Loc).str(u.Lastmod)
	}
	return k.sum()
}

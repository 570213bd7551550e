package render

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/search"
)

// The facets of the search page, by URL parameter name.
const (
	facetCollection = "collection"
	facetMineral    = "mineral"
	facetProvince   = "province"
	facetStage      = "stage"
	facetValueChain = "value_chain"
	facetCountry    = "country"
	facetKind       = "kind"
	facetOpen       = "open"
)

var facetTaxonomy = map[string]string{
	facetMineral: entry.TaxMinerals, facetProvince: entry.TaxProvinces,
	facetStage: entry.TaxStages, facetValueChain: entry.TaxValueChain,
}

// searchOrder lists every entry in index order: collection by collection,
// and within a collection grouped by the terms readers search by (province,
// then mineral and stage for projects; jurisdiction and kind for policies
// and incentives; country and kind for partners), most recently updated
// first within a group. Results of a query such as "copper balochistan"
// then sit side by side, so the first page of results is in one or two
// display chunks rather than ten.
func (s *Site) searchOrder() []*entry.Entry {
	// It depends on the fields searchGroup reads and the dates, never on
	// bodies, so a site whose entries change in place keeping their
	// outline (EntriesChanged) keeps it.
	s.orderOnce.Do(func() { s.order = s.sortForSearch() })
	return s.order
}

// searchGroup is the group an entry sits in, in index order.
func (s *Site) searchGroup(e *entry.Entry) string {
	rank := func(tax, key string) string {
		if key == "federal" || key == "" {
			return fmt.Sprintf("%06d", 0)
		}
		for i, t := range s.dir.Taxonomies[tax].Terms {
			if t.Key == key {
				return fmt.Sprintf("%06d", i+1)
			}
		}
		return fmt.Sprintf("%06d", 1<<20+1)
	}
	first := func(l []string) string {
		if len(l) == 0 {
			return ""
		}
		return l[0]
	}
	switch {
	case e.Project != nil:
		p := e.Project
		return rank(entry.TaxProvinces, p.Province) + "|" + rank(entry.TaxMinerals, first(p.Minerals)) + "|" + rank(entry.TaxStages, p.Stage)
	case e.Policy != nil:
		return rank(entry.TaxProvinces, e.Policy.Jurisdiction) + "|" + e.Policy.Kind
	case e.Incentive != nil:
		return e.Incentive.Kind + "|" + rank(entry.TaxProvinces, e.Incentive.Jurisdiction)
	case e.Partner != nil:
		return e.Partner.Country + "|" + e.Partner.Kind
	}
	return ""
}

func (s *Site) sortForSearch() []*entry.Entry {
	var out []*entry.Entry
	for _, c := range entry.Collections {
		list := slices.Clone(s.dir.Entries[c])
		keys := make(map[*entry.Entry]string, len(list))
		for _, e := range list {
			keys[e] = s.searchGroup(e)
		}
		slices.SortStableFunc(list, func(a, b *entry.Entry) int {
			if d := strings.Compare(keys[a], keys[b]); d != 0 {
				return d
			}
			if d := b.Updated.Compare(a.Updated); d != 0 {
				return d
			}
			return strings.Compare(a.Slug, b.Slug)
		})
		out = append(out, list...)
	}
	return out
}

// SearchOptions describes the facets and languages of the index.
func (s *Site) SearchOptions() search.Options {
	opt := search.Options{}
	for _, l := range s.dir.Site.Languages {
		opt.Langs = append(opt.Langs, l.Code)
	}
	for _, c := range entry.Collections {
		opt.Collections = append(opt.Collections, string(c))
	}
	opt.Facets = []search.Facet{
		{Name: facetCollection, Values: opt.Collections},
		{Name: facetMineral, Values: s.dir.Taxonomies[entry.TaxMinerals].Keys()},
		{Name: facetProvince, Values: append([]string{"federal"}, s.dir.Taxonomies[entry.TaxProvinces].Keys()...)},
		{Name: facetStage, Values: s.dir.Taxonomies[entry.TaxStages].Keys()},
		{Name: facetValueChain, Values: s.dir.Taxonomies[entry.TaxValueChain].Keys()},
		{Name: facetCountry, Values: s.countries()},
		{Name: facetKind, Values: kindKeys()},
		{Name: facetOpen, Values: []string{"yes"}},
	}
	return opt
}

// kindKeys lists the kinds of policies, incentives and partners; they do
// not overlap, so one facet holds them all.
func kindKeys() []string {
	return []string{"act", "ordinance", "rules", "policy", "framework", "notification", "agreement",
		"tax-holiday", "duty-exemption", "sales-tax", "royalty", "land", "visa", "repatriation", "financing", "other",
		"government", "state-owned", "private", "financial", "association", "academic", "international"}
}

func kindLabelKey(kind string) string {
	switch {
	case slices.Contains(kindKeys()[:7], kind):
		return "policy.kind." + kind
	case slices.Contains(kindKeys()[7:16], kind):
		return "incentive.kind." + kind
	}
	return "partner.kind." + kind
}

func (s *Site) countries() []string {
	set := map[string]bool{}
	for _, e := range s.dir.Entries[entry.Partners] {
		set[e.Partner.Country] = true
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// SearchDocs returns the number of search documents and a func that makes
// the i-th: an entry with its texts in every language, the names of its
// terms and partners, and its facet keys. Documents are made one at a time
// so that the index never holds every text at once.
//
// Each document carries a key fingerprinting it (the entry and the entries
// it names; the data files are the caller's to watch). When known says a
// key is known, the document is that key alone.
//
// A body left in its file that cannot be read again is indexed as empty,
// and failed, called once the documents are made, returns the error; next
// must be called one document at a time, as search.Build does.
func (s *Site) SearchDocs(known func(key uint64) bool) (n int, next func(i int) search.Doc, failed func() error) {
	order := s.searchOrder()
	epoch := entry.Date{Year: 2000, Month: 1, Day: 1}.Time()
	var errs entry.ErrorList
	plain := func(b entry.BodySource) string {
		md, berrs := s.dir.Body(b)
		errs.Append(berrs)
		return s.md.PlainText([]byte(md))
	}
	failed = func() error {
		if errs.HasErrors() {
			return errs
		}
		return nil
	}
	return len(order), func(i int) (d search.Doc) {
		e := order[i]
		key := newKey("doc").entry(e).entries(s.forward[e]).sum()
		if known != nil && known(key) {
			return search.Doc{Key: key}
		}
		d = search.Doc{Collection: string(e.Collection), Slug: e.Slug, Display: map[string][2]string{},
			Facets: map[string][]string{facetCollection: {string(e.Collection)}}, Key: key}
		d.Updated = int(e.Updated.Time().Sub(epoch).Hours() / 24)
		d.Title = append(d.Title, e.Title)
		d.Meta = append(d.Meta, e.Summary)
		d.Body = append(d.Body, plain(e.BodySource()))
		d.Display[s.def] = [2]string{e.Title, e.Summary}
		for lang, t := range e.Translations {
			title, summary := e.Title, e.Summary
			if t.Title != "" {
				title = t.Title
				d.Title = append(d.Title, t.Title)
			}
			if t.Summary != "" {
				summary = t.Summary
				d.Meta = append(d.Meta, t.Summary)
			}
			if t.HasBody() {
				d.Body = append(d.Body, plain(t.BodySource()))
			}
			d.Body = append(d.Body, t.District, t.Headquarters, t.Benefit, t.InvestmentNote)
			d.Body = append(d.Body, t.Eligibility...)
			d.Display[lang] = [2]string{title, summary}
		}
		terms := func(facet string, keys ...string) {
			for _, k := range keys {
				if k == "" {
					continue
				}
				d.Facets[facet] = append(d.Facets[facet], k)
				if tax := facetTaxonomy[facet]; tax != "" {
					for _, l := range s.dir.Site.Languages {
						d.Meta = append(d.Meta, s.termName(tax, k, l.Code))
					}
				}
			}
		}
		labels := func(key string) {
			for _, l := range s.dir.Site.Languages {
				d.Meta = append(d.Meta, s.locales[l.Code].T(key))
			}
		}
		partners := func(slugs ...string) {
			for _, slug := range slugs {
				p := s.dir.Lookup(entry.Partners, slug)
				if p == nil {
					continue
				}
				d.Meta = append(d.Meta, p.Title, p.Partner.Names.EN, p.Partner.Names.ZH, p.Partner.Names.UR)
				for _, t := range p.Translations {
					d.Meta = append(d.Meta, t.Title)
				}
			}
		}
		switch {
		case e.Project != nil:
			p := e.Project
			terms(facetMineral, p.Minerals...)
			terms(facetProvince, p.Province)
			terms(facetStage, p.Stage)
			terms(facetValueChain, p.ValueChain...)
			d.Label = "s." + p.Stage
			if p.Opportunity != nil && p.Opportunity.Open {
				d.Open = true
				d.Facets[facetOpen] = []string{"yes"}
				labels("opportunity.open")
			}
			partners(append([]string{p.Operator}, p.Partners...)...)
			d.Body = append(d.Body, p.District)
			if p.Investment != nil {
				d.Body = append(d.Body, p.Investment.Note)
			}
		case e.Policy != nil:
			p := e.Policy
			terms(facetMineral, p.Minerals...)
			terms(facetProvince, p.Jurisdiction)
			terms(facetValueChain, p.ValueChain...)
			d.Facets[facetKind] = []string{p.Kind}
			d.Label = "k." + p.Kind
			labels(kindLabelKey(p.Kind))
			partners(p.Authority)
		case e.Incentive != nil:
			in := e.Incentive
			terms(facetMineral, in.Minerals...)
			terms(facetProvince, in.Jurisdiction)
			terms(facetValueChain, in.ValueChain...)
			d.Facets[facetKind] = []string{in.Kind}
			d.Label = "k." + in.Kind
			labels(kindLabelKey(in.Kind))
			partners(in.Authority)
			d.Meta = append(d.Meta, in.Benefit)
			d.Body = append(d.Body, in.Eligibility...)
		case e.Partner != nil:
			p := e.Partner
			d.Facets[facetCountry] = []string{p.Country}
			d.Facets[facetKind] = []string{p.Kind}
			d.Label = "k." + p.Kind
			labels(kindLabelKey(p.Kind))
			terms(facetValueChain, p.ValueChain...)
			d.Title = append(d.Title, p.Names.EN, p.Names.ZH, p.Names.UR)
			for _, l := range s.dir.Site.Languages {
				d.Meta = append(d.Meta, countryName(p.Country, l.Code))
			}
			d.Body = append(d.Body, p.Headquarters)
		}
		return d
	}, failed
}

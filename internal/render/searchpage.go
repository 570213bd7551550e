package render

import (
	"bytes"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/search"
)

// SetSearch tells the site where the built index is, so the search page can
// load it and show facet counts.
func (s *Site) SetSearch(idx *search.Index) { s.search = idx }

// FacetValue is one checkbox of a facet.
type FacetValue struct {
	Key, Name string
	Count     int
}

// FacetView is one facet of the search page.
type FacetView struct {
	Name, Label string
	Values      []FacetValue
}

// SearchView is the Data of the search page.
type SearchView struct {
	Meta   string
	Base   string
	Facets []FacetView
	Labels map[string]string
	Total  int
}

func (s *Site) searchPage(buf *bytes.Buffer, lang string) error {
	p := s.newPage(lang, "search", "search/")
	p.Title = p.T("search.title")
	p.Description = p.T("search.description")
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}}
	v := s.searchWidget(p)
	opt := s.SearchOptions()
	for _, f := range opt.Facets {
		fv := FacetView{Name: f.Name, Label: p.T("facet." + f.Name)}
		for _, key := range f.Values {
			count := 0
			if s.search != nil {
				count = s.search.Counts[f.Name][key]
			}
			if count == 0 {
				continue
			}
			fv.Values = append(fv.Values, FacetValue{Key: key, Name: s.facetLabel(p, f.Name, key), Count: count})
		}
		if len(fv.Values) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	p.Data = v
	return s.tmpl.execute(buf, "search", p)
}

// searchWidget is what a page needs to load the index and label results.
func (s *Site) searchWidget(p *Page) *SearchView {
	v := &SearchView{Labels: map[string]string{}, Base: p.Folder(search.Dir), Meta: search.MetaName}
	for _, c := range entry.Collections {
		v.Total += len(s.dir.Entries[c])
		v.Labels["c."+string(c)] = p.T("collection." + string(c) + ".one")
	}
	for _, k := range kindKeys() {
		v.Labels["k."+k] = p.T(kindLabelKey(k))
	}
	for _, k := range s.dir.Taxonomies[entry.TaxStages].Keys() {
		v.Labels["s."+k] = s.termName(entry.TaxStages, k, p.Lang.Code)
	}
	for _, k := range []string{"search.results", "search.total", "search.none", "search.more", "search.loading", "opportunity.open", "search.error"} {
		v.Labels[k] = p.T(k)
	}
	return v
}

func (s *Site) facetLabel(p *Page, facet, key string) string {
	switch facet {
	case facetCollection:
		return p.T("collection." + key)
	case facetCountry:
		return countryName(key, p.Lang.Code)
	case facetKind:
		return p.T(kindLabelKey(key))
	case facetOpen:
		return p.T("opportunity.open")
	}
	return s.termName(facetTaxonomy[facet], key, p.Lang.Code)
}

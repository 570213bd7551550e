package render

import (
	"html/template"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/emine-dev/emine/internal/entry"
)

// Text is a piece of content text. Lang and Dir are set when the text is
// not in the page's language (an untranslated field shown in the default
// language), so templates can mark it with lang and dir attributes.
type Text struct {
	S, Lang, Dir string
}

// Item is one value in a fact or badge list, optionally a link.
type Item struct {
	Text     string
	Href     string
	Lang     string
	Dir      string
	External bool
}

// Fact is one row of an entry's facts table; Sep is the language's list
// separator (", ", "、", "، ").
type Fact struct {
	Label string
	Items []Item
	Sep   string
}

// Card is an entry as shown in lists.
type Card struct {
	Title      Text
	Summary    Text
	Href       string
	Collection string
	Kind       string
	Badges     []Item
	Updated    string
	Open       bool
	Expired    bool
	// Untranslated is set on a page in another language than the
	// default when the entry has no translation into it.
	Untranslated string
}

// Listed is an entry in a list of cards. A template cannot look into it,
// only hand it to Page.Card: what a page shows of the entries it lists is
// their cards, and their cards' keys (see Site.cardKey) are all a rebuild
// compares for it.
type Listed struct{ e *entry.Entry }

func listed(list []*entry.Entry) []Listed {
	out := make([]Listed, len(list))
	for i, e := range list {
		out[i] = Listed{e}
	}
	return out
}

// Group is a titled list of cards, e.g. the projects a partner operates.
type Group struct {
	Title string
	Cards []Listed
	// Total counts every related entry; More links to all of them when
	// Cards shows only the first.
	Total int
	More  string
}

// TermLink is a taxonomy term with the number of entries that have it.
type TermLink struct {
	Name  string
	Href  string
	Count int
	Group string
}

// TaxGroup is a taxonomy with its terms, for browsing.
type TaxGroup struct {
	Name  string
	Label string
	Href  string
	Terms []TermLink
}

// Pager links the pages of a paginated list.
type Pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []PagerLink
}

// PagerLink is one page number.
type PagerLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool
}

// EntryView is the Data of an entry page.
type EntryView struct {
	Collection   string
	Title        Text
	Summary      Text
	Body         template.HTML
	BodyLang     string
	BodyDir      string
	Untranslated bool
	Facts        []Fact
	Related      []Group
	Sources      []entry.Source
	Updated      string
	Badges       []Item
	Open         bool
	Expired      bool
	Opportunity  []Fact
	Names        []Item
}

// ListView is the Data of a collection list page.
type ListView struct {
	Collection string
	Heading    string
	Total      int
	Cards      []Listed
	Pager      Pager
	Facets     []TaxGroup
	// Search lets the list be searched as the reader types.
	Search *SearchView
}

// TermView is the Data of a taxonomy term page.
type TermView struct {
	Taxonomy string
	Label    string
	Name     string
	Total    int
	Cards    []Listed
	Pager    Pager
	Others   []TermLink
	Search   string
}

// TaxonomyView is the Data of a taxonomy index page.
type TaxonomyView struct {
	Taxonomy string
	Label    string
	Terms    []TermLink
}

// HomeView is the Data of the home page.
type HomeView struct {
	Counts []TermLink
	Open   []Listed
	Latest []Listed
	Browse []TaxGroup
}

// PageView is the Data of a free page and of the 404 page.
type PageView struct {
	Title        Text
	Body         template.HTML
	BodyLang     string
	BodyDir      string
	Untranslated bool
	Updated      string
}

// text returns s as a Text on a page in lang, marked when it came from
// another language.
func (s *Site) text(str, from, lang string) Text {
	if from == lang || str == "" {
		return Text{S: str}
	}
	l := s.dir.Site.Language(from)
	dir := "ltr"
	if l != nil {
		dir = l.Dir
	}
	return Text{S: str, Lang: from, Dir: dir}
}

// localized picks a translated field, falling back to the default language.
func (s *Site) localized(e *entry.Entry, lang string, def string, pick func(*entry.Translation) string) Text {
	if t := e.Translations[lang]; t != nil && lang != s.def {
		if v := pick(t); v != "" {
			return Text{S: v}
		}
	}
	return s.text(def, s.def, lang)
}

func (s *Site) termName(tax, key, lang string) string {
	if key == "federal" {
		return s.locales[lang].T("jurisdiction.federal")
	}
	if t := s.dir.Taxonomies[tax].Term(key); t != nil {
		return t.Name(lang, s.def)
	}
	return key
}

func termPath(tax, key string) string { return tax + "/" + key + "/" }

func (s *Site) termItems(p *Page, tax string, keys ...string) []Item {
	var out []Item
	for _, k := range keys {
		if k == "" {
			continue
		}
		it := Item{Text: s.termName(tax, k, p.Lang.Code)}
		if k != "federal" {
			it.Href = p.L(termPath(tax, k))
		}
		out = append(out, it)
	}
	return out
}

// countryName returns a country's name in lang from CLDR data.
func countryName(code, lang string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	return code
}

func (s *Site) card(p *Page, e *entry.Entry) Card {
	lang := p.Lang.Code
	c := Card{
		Title:      s.localized(e, lang, e.Title, func(t *entry.Translation) string { return t.Title }),
		Summary:    s.localized(e, lang, e.Summary, func(t *entry.Translation) string { return t.Summary }),
		Href:       p.Link(s.entryPath(e, lang)),
		Collection: p.T("collection." + string(e.Collection) + ".one"),
		Updated:    p.Loc.Date(e.Updated),
	}
	if lang != s.def && e.Translations[lang] == nil {
		c.Untranslated = p.T("card.untranslated")
	}
	switch {
	case e.Project != nil:
		pr := e.Project
		c.Kind = s.termName(entry.TaxStages, pr.Stage, lang)
		c.Badges = append(s.termItems(p, entry.TaxProvinces, pr.Province), s.termItems(p, entry.TaxMinerals, pr.Minerals...)...)
		c.Open = pr.Opportunity != nil && pr.Opportunity.Open
	case e.Policy != nil:
		c.Kind = p.T("policy.kind." + e.Policy.Kind)
		c.Badges = append([]Item{{Text: p.T("policy.status." + e.Policy.Status)}}, s.termItems(p, entry.TaxProvinces, e.Policy.Jurisdiction)...)
	case e.Incentive != nil:
		c.Kind = p.T("incentive.kind." + e.Incentive.Kind)
		c.Badges = s.termItems(p, entry.TaxProvinces, e.Incentive.Jurisdiction)
		c.Expired = e.Incentive.Expired(s.opt.Today)
	case e.Partner != nil:
		c.Kind = p.T("partner.kind." + e.Partner.Kind)
		c.Badges = []Item{{Text: countryName(e.Partner.Country, lang)}}
	}
	return c
}

func (s *Site) refItem(p *Page, c entry.Collection, slug string) Item {
	e := s.dir.Lookup(c, slug)
	if e == nil {
		return Item{Text: slug}
	}
	t := s.localized(e, p.Lang.Code, e.Title, func(t *entry.Translation) string { return t.Title })
	if e.Partner != nil {
		if n := e.Partner.Names.Get(p.Lang.Code); n != "" && t.Lang != "" {
			t = Text{S: n}
		}
	}
	return Item{Text: t.S, Lang: t.Lang, Dir: t.Dir, Href: p.Link(s.entryPath(e, p.Lang.Code))}
}

func (s *Site) refItems(p *Page, c entry.Collection, slugs ...string) []Item {
	var out []Item
	for _, slug := range slugs {
		if slug != "" {
			out = append(out, s.refItem(p, c, slug))
		}
	}
	return out
}

func addFact(facts []Fact, label string, items ...Item) []Fact {
	var kept []Item
	for _, it := range items {
		if strings.TrimSpace(it.Text) != "" {
			kept = append(kept, it)
		}
	}
	if len(kept) == 0 {
		return facts
	}
	return append(facts, Fact{Label: label, Items: kept})
}

func plain(s string) Item { return Item{Text: s} }

func urlItem(u string) Item {
	label := u
	if i := strings.Index(label, "://"); i >= 0 {
		label = strings.TrimSuffix(label[i+3:], "/")
	}
	return Item{Text: label, Href: u, External: true}
}

package render

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/link"
	"github.com/emine-dev/emine/internal/markdown"
	"github.com/emine-dev/emine/internal/schema"
)

// resolver resolves site paths in a body written in language src for page
// p: entries, lists, taxonomy terms, free pages, the search page and static
// files. A fragment names a heading of the target's body in src; when the
// target shows another language's body on this page, the heading ids
// differ, so the link goes to the top of the page instead.
func (s *Site) resolver(p *Page, src string) markdown.Resolver {
	return func(raw string) (string, error) {
		if name := strings.TrimPrefix(raw, "/"); s.statics[name] {
			return p.Asset(name), nil
		}
		sp, ok := link.ParseSitePath(raw)
		if !ok {
			return "", fmt.Errorf("link %q is not a page of this site", raw)
		}
		frag := ""
		if sp.Fragment != "" {
			frag = "#" + sp.Fragment
		}
		target, err := s.resolveSection(sp)
		if err != nil {
			return "", err
		}
		if frag != "" && s.bodyLang(sp, p.Lang.Code) != src {
			frag = ""
		}
		return p.L(target) + frag, nil
	}
}

// bodyLang is the language of the body the entry at sp shows on a page in
// lang.
func (s *Site) bodyLang(sp link.SitePath, lang string) string {
	var e *entry.Entry
	for _, c := range entry.Collections {
		if string(c) == sp.Section {
			e = s.dir.Lookup(c, sp.Slug)
		}
	}
	for _, pg := range s.dir.Pages {
		if sp.Slug == "" && pg.Slug == sp.Section {
			e = pg
		}
	}
	if e != nil && lang != s.def {
		if t := e.Translations[lang]; t != nil && t.HasBody() {
			return lang
		}
	}
	return s.def
}

func (s *Site) resolveSection(sp link.SitePath) (string, error) {
	if sp.Section == "" {
		return "", nil
	}
	for _, c := range entry.Collections {
		if sp.Section != string(c) {
			continue
		}
		if sp.Slug == "" {
			return sp.Section + "/", nil
		}
		if s.dir.Lookup(c, sp.Slug) == nil {
			var slugs []string
			for _, e := range s.dir.Entries[c] {
				slugs = append(slugs, e.Slug)
			}
			if near := schema.Suggest(sp.Slug, slugs); near != "" {
				return "", fmt.Errorf("link to /%s/%s/: no such entry; did you mean /%s/%s/?", c, sp.Slug, c, near)
			}
			return "", fmt.Errorf("link to /%s/%s/: no such entry", c, sp.Slug)
		}
		return sp.Section + "/" + sp.Slug + "/", nil
	}
	for _, tax := range entry.Taxonomies {
		if sp.Section != tax {
			continue
		}
		if sp.Slug != "" && s.dir.Taxonomies[tax].Term(sp.Slug) == nil {
			return "", fmt.Errorf("link to /%s/%s/: no such term in data/%s.yaml", tax, sp.Slug, tax)
		}
		if sp.Slug == "" {
			return tax + "/", nil
		}
		return termPath(tax, sp.Slug), nil
	}
	if sp.Section == "search" && sp.Slug == "" {
		return "search/", nil
	}
	for _, pg := range s.dir.Pages {
		if pg.Slug == sp.Section && sp.Slug == "" {
			return pg.Slug + "/", nil
		}
	}
	return "", fmt.Errorf("link to /%s/: no such page", strings.TrimSuffix(sp.Section+"/"+sp.Slug, "/"))
}

// bodyKey names a body rendered for one language and shown in others.
type bodyKey struct {
	e     *entry.Entry
	lang  string
	depth int
}

// body renders the Markdown of e in lang for page p: the translation's body
// when there is one, the default language's otherwise. Refused links are
// returned as positioned errors.
func (s *Site) body(p *Page, e *entry.Entry) (template.HTML, string, entry.ErrorList) {
	b, lang := e.BodySource(), s.def
	if t := e.Translations[p.Lang.Code]; t != nil && t.HasBody() && p.Lang.Code != s.def {
		b, lang = t.BodySource(), p.Lang.Code
	}
	// Links within a language tree depend only on depth, so a body shown
	// untranslated in every language renders to the same HTML in each; it
	// is rendered once, unless it links to a static file (whose path does
	// depend on the language).
	k := bodyKey{e, lang, strings.Count(strings.TrimPrefix(p.dir, s.langPrefix(p.Lang.Code)), "/")}
	if v, ok := s.bodyCache.Load(k); ok {
		c := v.(*cachedBody)
		if c.left.Add(-1) <= 0 {
			s.bodyCache.Delete(k)
		}
		return c.html, lang, nil
	}
	src, errs := s.dir.Body(b)
	if errs != nil {
		return "", lang, errs
	}
	assets := false
	resolve := s.resolver(p, lang)
	html, problems := s.md.Render([]byte(src), func(path string) (string, error) {
		if s.statics[strings.TrimPrefix(path, "/")] || strings.Contains(path, "#") {
			assets = true // the link may differ in another language
		}
		return resolve(path)
	})
	for _, pr := range problems {
		l, c := entry.LineCol([]byte(src), pr.Offset)
		errs.Add(entry.Pos{File: b.File, Line: b.Line + l - 1, Col: c}, "link", pr.Msg, pr.Hint)
	}
	if others := s.fallbacks(e, p.Lang.Code, lang); !assets && len(problems) == 0 && others > 0 {
		c := &cachedBody{html: template.HTML(html)}
		c.left.Store(int32(others))
		s.bodyCache.Store(k, c)
	}
	return template.HTML(html), lang, errs
}

// cachedBody is a rendered body kept for the other languages that show it;
// left counts the pages still to take it.
type cachedBody struct {
	html template.HTML
	left atomic.Int32
}

// fallbacks counts the other language pages of e that show the body of
// source language src, when the page rendering it now is in lang.
func (s *Site) fallbacks(e *entry.Entry, lang, src string) int {
	if lang != src || src != s.def {
		return 0
	}
	n := 0
	for _, l := range s.dir.Site.Languages {
		if t := e.Translations[l.Code]; l.Code != s.def && (t == nil || !t.HasBody()) {
			n++
		}
	}
	return n
}

// CheckBodies renders every body and translation body with the link policy
// and returns the refused links, for `emine check`.
func (s *Site) CheckBodies() entry.ErrorList {
	var errs entry.ErrorList
	all := append([]*entry.Entry(nil), s.dir.Pages...)
	for _, c := range entry.Collections {
		all = append(all, s.dir.Entries[c]...)
	}
	for _, e := range all {
		for _, l := range s.dir.Site.Languages {
			if l.Code != s.def && (e.Translations[l.Code] == nil || !e.Translations[l.Code].HasBody()) {
				continue
			}
			p := s.newPage(l.Code, "", strings.TrimPrefix(s.entryPath(e, l.Code), s.langPrefix(l.Code)))
			_, _, berrs := s.body(p, e)
			errs.Append(berrs)
		}
	}
	return errs
}

func (s *Site) entryPage(buf *bytes.Buffer, e *entry.Entry, lang string) error {
	langFree := strings.TrimPrefix(s.entryPath(e, lang), s.langPrefix(lang))
	p := s.newPage(lang, string(e.Collection), langFree)
	v := &EntryView{Collection: string(e.Collection)}
	v.Title = s.localized(e, lang, e.Title, func(t *entry.Translation) string { return t.Title })
	v.Summary = s.localized(e, lang, e.Summary, func(t *entry.Translation) string { return t.Summary })
	v.Untranslated = lang != s.def && e.Translations[lang] == nil
	body, bodyLang, errs := s.body(p, e)
	v.Body = body
	if bodyLang != lang {
		v.BodyLang, v.BodyDir = bodyLang, s.dir.Site.Language(bodyLang).Dir
	}
	v.Sources = e.Sources
	v.Updated = p.Loc.Date(e.Updated)
	c := s.card(p, e)
	v.Badges, v.Open, v.Expired = c.Badges, c.Open, c.Expired
	s.facts(p, e, v)
	s.related(p, e, v)
	p.Title = v.Title.S
	p.Description = v.Summary.S
	p.Crumbs = []Crumb{{p.T("nav.home"), p.Home()}, {p.T("collection." + string(e.Collection)), p.L(string(e.Collection) + "/")}}
	p.Data = v
	if err := s.tmpl.execute(buf, "entry", p); err != nil {
		return err
	}
	return errs.Err()
}

func (s *Site) facts(p *Page, e *entry.Entry, v *EntryView) {
	lang := p.Lang.Code
	T := p.T
	var f []Fact
	tr := e.Translations[lang]
	switch {
	case e.Project != nil:
		pr := e.Project
		f = addFact(f, T("field.stage"), s.termItems(p, entry.TaxStages, pr.Stage)...)
		f = addFact(f, T("field.minerals"), s.termItems(p, entry.TaxMinerals, pr.Minerals...)...)
		f = addFact(f, T("field.province"), s.termItems(p, entry.TaxProvinces, pr.Province)...)
		district := s.localized(e, lang, pr.District, func(t *entry.Translation) string { return t.District })
		f = addFact(f, T("field.district"), Item{Text: district.S, Lang: district.Lang, Dir: district.Dir})
		if pr.Location != nil {
			loc := fmt.Sprintf("%.4f°N, %.4f°E", pr.Location.Lat, pr.Location.Lon)
			f = addFact(f, T("field.location"), Item{Text: loc, Dir: "ltr",
				Href: fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=10/%.5f/%.5f", pr.Location.Lat, pr.Location.Lon, pr.Location.Lat, pr.Location.Lon), External: true})
		}
		f = addFact(f, T("field.value_chain"), s.termItems(p, entry.TaxValueChain, pr.ValueChain...)...)
		f = addFact(f, T("field.operator"), s.refItems(p, entry.Partners, pr.Operator)...)
		f = addFact(f, T("field.partners"), s.refItems(p, entry.Partners, pr.Partners...)...)
		if inv := pr.Investment; inv != nil {
			txt := p.Loc.Money(inv.Amount, inv.Currency)
			if inv.Year != 0 {
				txt += " (" + p.Loc.digits(fmt.Sprint(inv.Year)) + ")"
			}
			items := []Item{{Text: txt}}
			note := inv.Note
			noteLang := ""
			if tr != nil && tr.InvestmentNote != "" && lang != s.def {
				note = tr.InvestmentNote
			} else if lang != s.def {
				noteLang = s.def
			}
			if note != "" {
				items = append(items, Item{Text: note, Lang: noteLang, Dir: dirOf(s, noteLang)})
			}
			f = addFact(f, T("field.investment"), items...)
		}
		if l := pr.License; l != nil {
			f = addFact(f, T("field.license"), plain(strings.TrimSpace(l.Type+" "+l.Number)))
			if l.AreaKm2 > 0 {
				f = addFact(f, T("field.area"), plain(T("unit.km2", p.Loc.Number(l.AreaKm2))))
			}
			f = addFact(f, T("field.granted"), plain(p.Loc.Date(l.Granted)))
			f = addFact(f, T("field.expires"), plain(p.Loc.Date(l.Expires)))
		}
		f = addFact(f, T("field.policies"), s.refItems(p, entry.Policies, pr.Policies...)...)
		f = addFact(f, T("field.incentives"), s.refItems(p, entry.Incentives, pr.Incentives...)...)
		if o := pr.Opportunity; o != nil {
			var of []Fact
			status := T("opportunity.closed")
			if o.Open {
				status = T("opportunity.open")
			}
			of = addFact(of, T("field.opportunity"), plain(status))
			var seeking []Item
			for _, k := range o.Seeking {
				seeking = append(seeking, plain(T("seeking."+k)))
			}
			of = addFact(of, T("field.seeking"), seeking...)
			of = addFact(of, T("field.deadline"), plain(p.Loc.Date(o.Deadline)))
			if o.Contact != "" {
				if strings.Contains(o.Contact, "://") {
					of = addFact(of, T("field.contact"), urlItem(o.Contact))
				} else {
					of = addFact(of, T("field.contact"), Item{Text: o.Contact, Href: "mailto:" + o.Contact, External: true})
				}
			}
			v.Opportunity = of
		}
	case e.Policy != nil:
		po := e.Policy
		f = addFact(f, T("field.kind"), plain(T("policy.kind."+po.Kind)))
		f = addFact(f, T("field.status"), plain(T("policy.status."+po.Status)))
		f = addFact(f, T("field.authority"), s.refItems(p, entry.Partners, po.Authority)...)
		f = addFact(f, T("field.jurisdiction"), s.termItems(p, entry.TaxProvinces, po.Jurisdiction)...)
		f = addFact(f, T("field.issued"), plain(p.Loc.Date(po.Issued)))
		f = addFact(f, T("field.effective"), plain(p.Loc.Date(po.Effective)))
		f = addFact(f, T("field.supersedes"), s.refItems(p, entry.Policies, po.Supersedes)...)
		if po.Document != nil {
			it := urlItem(po.Document.URL)
			if po.Document.Language != "" {
				it.Text += " (" + po.Document.Language + ")"
			}
			f = addFact(f, T("field.document"), it)
		}
		f = s.appliesTo(p, f, po.Minerals, po.ValueChain)
	case e.Incentive != nil:
		in := e.Incentive
		benefit := s.localized(e, lang, in.Benefit, func(t *entry.Translation) string { return t.Benefit })
		f = addFact(f, T("field.benefit"), Item{Text: benefit.S, Lang: benefit.Lang, Dir: benefit.Dir})
		f = addFact(f, T("field.kind"), plain(T("incentive.kind."+in.Kind)))
		f = addFact(f, T("field.authority"), s.refItems(p, entry.Partners, in.Authority)...)
		f = addFact(f, T("field.jurisdiction"), s.termItems(p, entry.TaxProvinces, in.Jurisdiction)...)
		f = addFact(f, T("field.legal_basis"), s.refItems(p, entry.Policies, in.LegalBasis)...)
		elig, eligLang := in.Eligibility, ""
		if tr != nil && len(tr.Eligibility) > 0 && lang != s.def {
			elig = tr.Eligibility
		} else if lang != s.def {
			eligLang = s.def
		}
		var items []Item
		for _, x := range elig {
			items = append(items, Item{Text: x, Lang: eligLang, Dir: dirOf(s, eligLang)})
		}
		f = addFact(f, T("field.eligibility"), items...)
		f = addFact(f, T("field.valid_from"), plain(p.Loc.Date(in.ValidFrom)))
		f = addFact(f, T("field.valid_until"), plain(p.Loc.Date(in.ValidUntil)))
		f = s.appliesTo(p, f, in.Minerals, in.ValueChain)
	case e.Partner != nil:
		pa := e.Partner
		f = addFact(f, T("field.kind"), plain(T("partner.kind."+pa.Kind)))
		f = addFact(f, T("field.country"), plain(countryName(pa.Country, lang)))
		hq := s.localized(e, lang, pa.Headquarters, func(t *entry.Translation) string { return t.Headquarters })
		f = addFact(f, T("field.headquarters"), Item{Text: hq.S, Lang: hq.Lang, Dir: hq.Dir})
		if pa.Established != 0 {
			f = addFact(f, T("field.established"), plain(fmt.Sprint(pa.Established)))
		}
		if pa.Website != "" {
			f = addFact(f, T("field.website"), urlItem(pa.Website))
		}
		if c := pa.Contact; c != nil {
			var items []Item
			if c.Email != "" {
				items = append(items, Item{Text: c.Email, Href: "mailto:" + c.Email, External: true})
			}
			if c.Phone != "" {
				items = append(items, Item{Text: c.Phone, Dir: "ltr"})
			}
			if c.URL != "" {
				items = append(items, urlItem(c.URL))
			}
			f = addFact(f, T("field.contact"), items...)
		}
		f = addFact(f, T("field.value_chain"), s.termItems(p, entry.TaxValueChain, pa.ValueChain...)...)
		for _, l := range []struct{ code, name string }{{"en", pa.Names.EN}, {"zh", pa.Names.ZH}, {"ur", pa.Names.UR}} {
			if l.name != "" && l.name != v.Title.S {
				v.Names = append(v.Names, Item{Text: l.name, Lang: l.code, Dir: dirOf(s, l.code)})
			}
		}
	}
	sep := p.T("list.sep")
	for i := range f {
		f[i].Sep = sep
	}
	for i := range v.Opportunity {
		v.Opportunity[i].Sep = sep
	}
	v.Facts = f
}

func dirOf(s *Site, lang string) string {
	if lang == "" {
		return ""
	}
	if l := s.dir.Site.Language(lang); l != nil {
		return l.Dir
	}
	return "ltr"
}

func (s *Site) appliesTo(p *Page, f []Fact, minerals, chain []string) []Fact {
	m := s.termItems(p, entry.TaxMinerals, minerals...)
	if len(m) == 0 {
		m = []Item{plain(p.T("applies.all"))}
	}
	c := s.termItems(p, entry.TaxValueChain, chain...)
	if len(c) == 0 {
		c = []Item{plain(p.T("applies.all"))}
	}
	f = addFact(f, p.T("field.minerals"), m...)
	return addFact(f, p.T("field.value_chain"), c...)
}

// RelatedLimit is how many related entries an entry page lists before it
// links to the search for the rest.
const RelatedLimit = 12

// related lists the entries that point at e (reverse links, derived) and,
// for projects, other projects of the same minerals in the same province.
func (s *Site) related(p *Page, e *entry.Entry, v *EntryView) {
	rev := s.reverse[e]
	for _, rel := range []string{relOperates, relPartnerIn, relIssued, relGrants, relBasisOf, relBenefits, relCitedBy, relSupersedeBy} {
		if list := rev[rel]; len(list) > 0 {
			g := Group{Title: p.T("related." + rel), Total: len(list), Cards: listed(list[:min(len(list), RelatedLimit)])}
			if len(list) > RelatedLimit {
				g.More = p.Search("q=" + url.QueryEscape(v.Title.S) + "&collection=" + string(list[0].Collection))
			}
			v.Related = append(v.Related, g)
		}
	}
	if similar := s.similar(e); len(similar) > 0 {
		v.Related = append(v.Related, Group{Title: p.T("related.similar"), Cards: listed(similar), Total: len(similar)})
	}
}

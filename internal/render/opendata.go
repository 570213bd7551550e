package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

// openEntry is one entry as published in data/<collection>.json.
type openEntry struct {
	Slug         string                     `json:"slug"`
	URL          string                     `json:"url"`
	Title        string                     `json:"title"`
	Summary      string                     `json:"summary"`
	Updated      entry.Date                 `json:"updated"`
	Sources      []entry.Source             `json:"sources"`
	Fields       any                        `json:"fields"`
	Translations map[string]openTranslation `json:"translations,omitempty"`
	Body         string                     `json:"body_markdown"`
}

type openTranslation struct {
	Title          string   `json:"title,omitempty"`
	Summary        string   `json:"summary,omitempty"`
	District       string   `json:"district,omitempty"`
	Benefit        string   `json:"benefit,omitempty"`
	Headquarters   string   `json:"headquarters,omitempty"`
	Eligibility    []string `json:"eligibility,omitempty"`
	InvestmentNote string   `json:"investment_note,omitempty"`
}

func fieldsOf(e *entry.Entry) any {
	switch {
	case e.Project != nil:
		return e.Project
	case e.Policy != nil:
		return e.Policy
	case e.Incentive != nil:
		return e.Incentive
	case e.Partner != nil:
		return e.Partner
	}
	return nil
}

// elements returns the entries of c and the keys of their elements in an
// open-data file of this kind: an element changes when its entry does.
func (s *Site) elements(kind string, c entry.Collection) ([]*entry.Entry, []uint64) {
	list := s.dir.Entries[c]
	keys := make([]uint64, len(list))
	for i, e := range list {
		keys[i] = newKey(kind, s.opt.BaseURL).entry(e).sum()
	}
	return list, keys
}

// openJSON is every published entry of c with all its fields: what
// json.Encoder writes for the list, element by element, so that a rebuild
// replaces only the elements of the entries that changed.
func (s *Site) openJSON(c entry.Collection) (joinedFile, error) {
	list, keys := s.elements("json", c)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	return joinedFile{head: "[", sep: ",", tail: "]\n", keys: keys, el: func(i int) ([]byte, error) {
		o, err := s.openEntry(list[i])
		if err != nil {
			return nil, err
		}
		buf.Reset()
		if err := enc.Encode(o); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	}}, nil
}

func (s *Site) openEntry(e *entry.Entry) (openEntry, error) {
	body, errs := s.dir.Body(e.BodySource())
	if errs != nil {
		return openEntry{}, errs
	}
	o := openEntry{Slug: e.Slug, URL: s.opt.BaseURL + s.entryPath(e, s.def), Title: e.Title, Summary: e.Summary,
		Updated: e.Updated, Sources: e.Sources, Fields: fieldsOf(e), Body: body}
	if o.Sources == nil {
		o.Sources = []entry.Source{}
	}
	for lang, t := range e.Translations {
		if o.Translations == nil {
			o.Translations = map[string]openTranslation{}
		}
		o.Translations[lang] = openTranslation{Title: t.Title, Summary: t.Summary, District: t.District, Benefit: t.Benefit,
			Headquarters: t.Headquarters, Eligibility: t.Eligibility, InvestmentNote: t.InvestmentNote}
	}
	return o, nil
}

// csvColumns lists the columns of data/<collection>.csv after slug, url,
// title, summary and updated.
var csvColumns = map[entry.Collection][]string{
	entry.Projects:   {"minerals", "province", "district", "lat", "lon", "stage", "value_chain", "operator", "partners", "policies", "incentives", "investment_amount", "investment_currency", "investment_year", "opportunity_open", "opportunity_seeking"},
	entry.Policies:   {"kind", "authority", "jurisdiction", "issued", "effective", "status", "supersedes", "document_url", "minerals", "value_chain"},
	entry.Incentives: {"kind", "benefit", "authority", "jurisdiction", "legal_basis", "eligibility", "valid_from", "valid_until", "minerals", "value_chain"},
	entry.Partners:   {"country", "kind", "name_zh", "name_ur", "website", "headquarters", "established", "value_chain"},
}

func csvRow(e *entry.Entry) []string {
	j := func(l []string) string { return strings.Join(l, "; ") }
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch {
	case e.Project != nil:
		p := e.Project
		row := []string{j(p.Minerals), p.Province, p.District, "", "", p.Stage, j(p.ValueChain), p.Operator, j(p.Partners), j(p.Policies), j(p.Incentives), "", "", "", "", ""}
		if p.Location != nil {
			row[3], row[4] = f(p.Location.Lat), f(p.Location.Lon)
		}
		if p.Investment != nil {
			row[11], row[12] = f(p.Investment.Amount), p.Investment.Currency
			if p.Investment.Year != 0 {
				row[13] = strconv.Itoa(p.Investment.Year)
			}
		}
		if p.Opportunity != nil {
			row[14], row[15] = strconv.FormatBool(p.Opportunity.Open), j(p.Opportunity.Seeking)
		}
		return row
	case e.Policy != nil:
		p := e.Policy
		doc := ""
		if p.Document != nil {
			doc = p.Document.URL
		}
		return []string{p.Kind, p.Authority, p.Jurisdiction, p.Issued.String(), p.Effective.String(), p.Status, p.Supersedes, doc, j(p.Minerals), j(p.ValueChain)}
	case e.Incentive != nil:
		i := e.Incentive
		return []string{i.Kind, i.Benefit, i.Authority, i.Jurisdiction, i.LegalBasis, j(i.Eligibility), i.ValidFrom.String(), i.ValidUntil.String(), j(i.Minerals), j(i.ValueChain)}
	case e.Partner != nil:
		p := e.Partner
		est := ""
		if p.Established != 0 {
			est = strconv.Itoa(p.Established)
		}
		return []string{p.Country, p.Kind, p.Names.ZH, p.Names.UR, p.Website, p.Headquarters, est, j(p.ValueChain)}
	}
	return nil
}

// openCSV is every published entry of c as one CSV row, lists joined
// with "; ". Cells that a spreadsheet would run as a formula are prefixed
// with a quote.
func (s *Site) openCSV(c entry.Collection) (joinedFile, error) {
	var head bytes.Buffer
	cols := append([]string{"slug", "url", "title", "summary", "updated"}, csvColumns[c]...)
	w := csv.NewWriter(&head)
	w.Write(cols)
	w.Flush()
	if err := w.Error(); err != nil {
		return joinedFile{}, err
	}
	list, keys := s.elements("csv", c)
	var line bytes.Buffer
	rw := csv.NewWriter(&line)
	return joinedFile{head: head.String(), keys: keys, el: func(i int) ([]byte, error) {
		e := list[i]
		row := append([]string{e.Slug, s.opt.BaseURL + s.entryPath(e, s.def), e.Title, e.Summary, e.Updated.String()}, csvRow(e)...)
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				row[i] = "'" + cell
			}
		}
		if len(row) != len(cols) {
			return nil, fmt.Errorf("data/%s.csv: row of %s has %d cells, want %d", c, e.Slug, len(row), len(cols))
		}
		line.Reset()
		rw.Write(row)
		rw.Flush()
		return line.Bytes(), rw.Error()
	}}, nil
}

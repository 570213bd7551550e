package schema

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/emine-dev/emine/internal/entry"
)

type commonFields struct {
	Title   string         `yaml:"title"`
	Summary string         `yaml:"summary"`
	Updated entry.Date     `yaml:"updated"`
	Sources []entry.Source `yaml:"sources"`
	Draft   bool           `yaml:"draft"`
	Body    string         `yaml:"body"`
}

type translationFields struct {
	Title        string     `yaml:"title"`
	Summary      string     `yaml:"summary"`
	Updated      entry.Date `yaml:"updated"`
	Body         string     `yaml:"body"`
	District     string     `yaml:"district"`
	Benefit      string     `yaml:"benefit"`
	Headquarters string     `yaml:"headquarters"`
	Eligibility  []string   `yaml:"eligibility"`
	Investment   struct {
		Note string `yaml:"note"`
	} `yaml:"investment"`
}

func (c *Checker) start(d *Doc, trans bool) *walk {
	w := &walk{c: c, d: d, fields: map[string]entry.Pos{}, trans: trans}
	if d.Root == nil || d.Root.Kind != yaml.MappingNode {
		line := 1
		if d.Root != nil {
			line = d.Root.Line + d.LineOffset
		}
		w.errs.Add(entry.Pos{File: d.File, Line: line}, "syntax", "the fields must be a YAML mapping of name: value lines", "")
		return w
	}
	w.object(d.Root, For(d.Collection), "")
	return w
}

// Entry checks a default-language document against its collection's fields
// and decodes it. It returns an entry even when there are errors, with as
// many fields filled as could be read, so that cross-entry checks do not
// report it as missing.
func (c *Checker) Entry(d *Doc) (*entry.Entry, entry.ErrorList) {
	w := c.start(d, false)
	e := &entry.Entry{Collection: d.Collection, Slug: d.Slug, File: d.File, BodyLine: d.BodyLine,
		Body: d.Body, Left: d.Left, Fields: w.fields}
	if d.Root == nil || d.Root.Kind != yaml.MappingNode {
		return e, w.errs
	}
	failed := w.errs.HasErrors()
	var cf commonFields
	decode(w, d, &cf, failed)
	e.Title, e.Summary, e.Updated, e.Sources, e.Draft = strings.TrimSpace(cf.Title), clean(cf.Summary), cf.Updated, cf.Sources, cf.Draft
	if d.InlineBody {
		e.Body = cf.Body
		if p, ok := w.fields["body"]; ok {
			e.BodyLine = p.Line
			if n := valueNode(d.Root, "body"); n != nil && (n.Style&(yaml.LiteralStyle|yaml.FoldedStyle)) != 0 {
				e.BodyLine++
			}
		}
	}
	switch d.Collection {
	case entry.Projects:
		e.Project = &entry.Project{}
		decode(w, d, e.Project, failed)
		e.Project.District = strings.TrimSpace(e.Project.District)
		if inv := e.Project.Investment; inv != nil {
			inv.Note = clean(inv.Note)
		}
		if l := e.Project.License; l != nil && !l.Granted.IsZero() && !l.Expires.IsZero() && l.Expires.Compare(l.Granted) <= 0 {
			w.errs.Add(e.FieldPos("license.expires"), "date-order", "license.expires must be after license.granted", "")
		}
	case entry.Policies:
		e.Policy = &entry.Policy{}
		decode(w, d, e.Policy, failed)
		p := e.Policy
		if !p.Effective.IsZero() && p.Effective.Compare(p.Issued) < 0 {
			w.errs.Add(e.FieldPos("effective"), "date-order", fmt.Sprintf("effective %s is before issued %s", p.Effective, p.Issued), "")
		}
	case entry.Incentives:
		e.Incentive = &entry.Incentive{}
		decode(w, d, e.Incentive, failed)
		in := e.Incentive
		in.Benefit = clean(in.Benefit)
		if !in.ValidFrom.IsZero() && !in.ValidUntil.IsZero() && in.ValidUntil.Compare(in.ValidFrom) <= 0 {
			w.errs.Add(e.FieldPos("valid_until"), "date-order", fmt.Sprintf("valid_until %s is not after valid_from %s", in.ValidUntil, in.ValidFrom), "")
		}
	case entry.Partners:
		e.Partner = &entry.Partner{}
		decode(w, d, e.Partner, failed)
	}
	if !w.errs.HasErrors() && len(e.Sources) == 0 && d.Collection != "" {
		w.errs.Warn(entry.Pos{File: d.File, Line: 1 + d.LineOffset}, "no-sources", "no sources: readers cannot check the facts", "add sources: with a title and url for each")
	}
	e.Fields = refFields(e, w.fields)
	return e, w.errs
}

// refFields keeps the positions the cross-entry checks may report: those of
// the entry's references. The walk records every field's position, which at
// 10,000 entries weighs over 25 MB that a server would otherwise keep.
func refFields(e *entry.Entry, all map[string]entry.Pos) map[string]entry.Pos {
	rs := refs(e)
	if len(rs) == 0 {
		return nil
	}
	kept := make(map[string]entry.Pos, len(rs))
	for _, r := range rs {
		if p, ok := all[r.path]; ok {
			kept[r.path] = p
		}
	}
	return kept
}

// Translation checks a translation document: only translatable fields (and
// its own updated date) may appear.
func (c *Checker) Translation(d *Doc) (*entry.Translation, entry.ErrorList) {
	w := c.start(d, true)
	t := &entry.Translation{Lang: d.Lang, File: d.File, BodyLine: d.BodyLine, Body: d.Body, Left: d.Left}
	if d.Root == nil || d.Root.Kind != yaml.MappingNode {
		return t, w.errs
	}
	var tf translationFields
	decode(w, d, &tf, w.errs.HasErrors())
	t.Title, t.Summary, t.Updated = strings.TrimSpace(tf.Title), clean(tf.Summary), tf.Updated
	t.District, t.Benefit, t.Headquarters = strings.TrimSpace(tf.District), clean(tf.Benefit), strings.TrimSpace(tf.Headquarters)
	t.Eligibility, t.InvestmentNote = tf.Eligibility, clean(tf.Investment.Note)
	if d.InlineBody {
		t.Body = tf.Body
		if p, ok := w.fields["body"]; ok {
			t.BodyLine = p.Line + 1
		}
	}
	return t, w.errs
}

// decode fills v from the document. When the walk already found errors the
// decode is best-effort and its own errors are not reported twice.
func decode(w *walk, d *Doc, v any, failed bool) {
	if err := d.Root.Decode(v); err != nil && !failed {
		w.errs.Add(entry.Pos{File: d.File, Line: d.Root.Line + d.LineOffset}, "syntax", err.Error(), "")
	}
}

func valueNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// clean folds runs of white space in plain text into single spaces.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// Package schema holds every rule of the content contract: the field tables
// of each collection (which the editors' guide is generated from), the
// single-entry checks run on a parsed YAML document, and the cross-entry
// checks run on the loaded directory.
package schema

import "github.com/emine-dev/emine/internal/entry"

// Kind is the type of a field's value.
type Kind int

// The kinds of value a field can hold.
const (
	String   Kind = iota // one line of text
	Text                 // plain text, no Markdown
	Markdown             // Markdown
	Date                 // YYYY-MM-DD (or YYYY-MM, YYYY)
	URL                  // absolute http or https URL
	Email                // an e-mail address
	Contact              // an e-mail address or a URL
	Bool                 // true or false
	Int                  // a whole number
	Number               // a number
	Enum                 // one of Field.Values
	Key                  // a key of the taxonomy Field.Taxonomy
	Ref                  // a slug of the collection Field.Ref
	Country              // an ISO 3166-1 alpha-2 code
	Object               // a mapping with Field.Fields
	List                 // a list of Field.Elem
)

var kindNames = [...]string{
	String: "string", Text: "text", Markdown: "Markdown", Date: "date", URL: "URL",
	Email: "e-mail address", Contact: "e-mail address or URL", Bool: "true or false",
	Int: "whole number", Number: "number", Enum: "one of a fixed list", Key: "taxonomy key",
	Ref: "entry slug", Country: "country code", Object: "group of fields", List: "list",
}

// String names the kind as the editors' guide does.
func (k Kind) String() string { return kindNames[k] }

// Field describes one field of an entry: its type, whether it is required or
// translatable, its allowed values and limits, and what it means.
type Field struct {
	Name         string
	Kind         Kind
	Required     bool
	Translatable bool
	// Values lists the allowed values of an Enum.
	Values []string
	// Taxonomy names the data file of a Key field.
	Taxonomy string
	// Federal lets a Key field also hold "federal" (jurisdictions).
	Federal bool
	// Ref names the collection a Ref field points into.
	Ref entry.Collection
	// MaxLen limits a string's length in characters (0: no limit).
	MaxLen int
	// Min and Max bound a number when HasRange is set; Positive requires > 0.
	Min, Max float64
	HasRange bool
	Positive bool
	// MinItems is the fewest items a List may hold.
	MinItems int
	Fields   []Field
	Elem     *Field
	// Doc says what the field means, for the editors' guide.
	Doc string
	// Example is a value an editor can copy.
	Example string
}

var (
	valueChain = Field{Name: "value_chain", Kind: List, Elem: &Field{Kind: Key, Taxonomy: entry.TaxValueChain},
		Doc: "value-chain segments", Example: "[mining, processing]"}
	minerals = Field{Name: "minerals", Kind: List, Elem: &Field{Kind: Key, Taxonomy: entry.TaxMinerals},
		Doc: "minerals concerned", Example: "[copper, gold]"}
	jurisdiction = Field{Name: "jurisdiction", Kind: Key, Taxonomy: entry.TaxProvinces, Federal: true, Required: true,
		Doc: "`federal`, or the province or territory whose law it is", Example: "federal"}
)

func required(f Field) Field { f.Required = true; f.MinItems = max(f.MinItems, 1); return f }

func doc(f Field, d string) Field { f.Doc = d; return f }

// Common lists the fields every collection has.
var Common = []Field{
	{Name: "title", Kind: String, Required: true, Translatable: true, MaxLen: 160, Doc: "the name shown as the page heading", Example: "Saindak Copper-Gold Project"},
	{Name: "summary", Kind: Text, Required: true, Translatable: true, MaxLen: 300, Doc: "one or two sentences used in lists, search results and the page description"},
	{Name: "updated", Kind: Date, Required: true, Doc: "when the facts were last checked; not in the future", Example: "2026-01-28"},
	{Name: "sources", Kind: List, Elem: &Field{Kind: Object, Fields: []Field{
		{Name: "title", Kind: String, Required: true, MaxLen: 300, Doc: "what the source is"},
		{Name: "url", Kind: URL, Required: true, Doc: "where to read it"},
	}}, Doc: "where the facts come from; every entry should have at least one"},
	{Name: "draft", Kind: Bool, Doc: "true keeps the entry out of the published site", Example: "false"},
	{Name: "body", Kind: Markdown, Translatable: true, Doc: "the description (in a .md file: everything after the front matter)"},
}

var seeking = []string{"equity", "debt", "offtake", "epc", "technology", "services"}

// ByCollection holds the fields specific to each collection.
var ByCollection = map[entry.Collection][]Field{
	entry.Projects: {
		required(minerals),
		{Name: "province", Kind: Key, Taxonomy: entry.TaxProvinces, Required: true, Doc: "province or territory", Example: "balochistan"},
		{Name: "district", Kind: String, Translatable: true, MaxLen: 160, Doc: "district or locality", Example: "Chagai"},
		{Name: "location", Kind: Object, Doc: "WGS84 position in decimal degrees, inside Pakistan", Fields: []Field{
			{Name: "lat", Kind: Number, Required: true, HasRange: true, Min: 23.5, Max: 37.2, Doc: "latitude"},
			{Name: "lon", Kind: Number, Required: true, HasRange: true, Min: 60.8, Max: 77.9, Doc: "longitude"},
		}},
		{Name: "stage", Kind: Key, Taxonomy: entry.TaxStages, Required: true, Doc: "where the project is in its life", Example: "production"},
		required(doc(valueChain, "the value-chain segments the project covers")),
		{Name: "operator", Kind: Ref, Ref: entry.Partners, Doc: "the partner that runs the project"},
		{Name: "partners", Kind: List, Elem: &Field{Kind: Ref, Ref: entry.Partners}, Doc: "other partners taking part"},
		{Name: "policies", Kind: List, Elem: &Field{Kind: Ref, Ref: entry.Policies}, Doc: "policies that govern it"},
		{Name: "incentives", Kind: List, Elem: &Field{Kind: Ref, Ref: entry.Incentives}, Doc: "incentives it benefits from"},
		{Name: "investment", Kind: Object, Doc: "an amount invested or committed", Fields: []Field{
			{Name: "amount", Kind: Number, Required: true, Positive: true, Doc: "the amount, greater than 0", Example: "45000000"},
			{Name: "currency", Kind: Enum, Required: true, Values: []string{"USD", "PKR", "CNY"}, Doc: "currency"},
			{Name: "year", Kind: Int, HasRange: true, Min: 1900, Max: 2100, Doc: "the year of the figure"},
			{Name: "note", Kind: Text, Translatable: true, MaxLen: 300, Doc: "what the amount covers"},
		}},
		{Name: "license", Kind: Object, Doc: "the mineral title held", Fields: []Field{
			{Name: "type", Kind: String, MaxLen: 80, Doc: "kind of title, e.g. mining lease"},
			{Name: "number", Kind: String, MaxLen: 80, Doc: "the title's number"},
			{Name: "area_km2", Kind: Number, Positive: true, Doc: "area in square kilometres"},
			{Name: "granted", Kind: Date, Doc: "date granted"},
			{Name: "expires", Kind: Date, Doc: "date it expires; after granted"},
		}},
		{Name: "opportunity", Kind: Object, Doc: "whether the project seeks investors, and how", Fields: []Field{
			{Name: "open", Kind: Bool, Required: true, Doc: "true while investors are sought"},
			{Name: "seeking", Kind: List, Elem: &Field{Kind: Enum, Values: seeking}, Doc: "what is sought"},
			{Name: "deadline", Kind: Date, Doc: "closing date"},
			{Name: "contact", Kind: Contact, Doc: "e-mail address or web page to reply to"},
		}},
	},
	entry.Policies: {
		{Name: "kind", Kind: Enum, Required: true, Values: []string{"act", "ordinance", "rules", "policy", "framework", "notification", "agreement"}, Doc: "what sort of instrument it is"},
		{Name: "authority", Kind: Ref, Ref: entry.Partners, Required: true, Doc: "the body that issued it (add it as a partner of kind government if missing)"},
		doc(jurisdiction, "`federal`, or the province or territory it applies in"),
		{Name: "issued", Kind: Date, Required: true, Doc: "date issued (YYYY-MM or YYYY when the day is not known)"},
		{Name: "effective", Kind: Date, Doc: "date in force; not before issued"},
		{Name: "status", Kind: Enum, Required: true, Values: []string{"in-force", "draft", "superseded", "repealed", "suspended"}, Doc: "where it stands today"},
		{Name: "supersedes", Kind: Ref, Ref: entry.Policies, Doc: "the policy it replaces"},
		{Name: "document", Kind: Object, Doc: "the official text", Fields: []Field{
			{Name: "url", Kind: URL, Required: true, Doc: "where the text is published"},
			{Name: "language", Kind: String, MaxLen: 40, Doc: "language of the text"},
		}},
		doc(minerals, "minerals it applies to; empty means all"),
		doc(valueChain, "segments it applies to; empty means all"),
	},
	entry.Incentives: {
		{Name: "kind", Kind: Enum, Required: true, Values: []string{"tax-holiday", "duty-exemption", "sales-tax", "royalty", "land", "visa", "repatriation", "financing", "other"}, Doc: "what sort of benefit"},
		{Name: "benefit", Kind: Text, Required: true, Translatable: true, MaxLen: 200, Doc: "the benefit in one line", Example: "a ten-year income tax exemption"},
		{Name: "authority", Kind: Ref, Ref: entry.Partners, Required: true, Doc: "the body that grants it"},
		doc(jurisdiction, "`federal`, or the province or territory that grants it"),
		{Name: "legal_basis", Kind: Ref, Ref: entry.Policies, Doc: "the policy that grants it"},
		{Name: "eligibility", Kind: List, Translatable: true, Elem: &Field{Kind: Text, MaxLen: 300}, Doc: "conditions, one per item"},
		{Name: "valid_from", Kind: Date, Doc: "first day it applies"},
		{Name: "valid_until", Kind: Date, Doc: "last day it applies; expired incentives stay listed, marked expired"},
		doc(minerals, "minerals it applies to; empty means all"),
		doc(valueChain, "segments it applies to; empty means all"),
	},
	entry.Partners: {
		{Name: "country", Kind: Country, Required: true, Doc: "ISO 3166-1 alpha-2 code, in quotes", Example: `"PK"`},
		{Name: "kind", Kind: Enum, Required: true, Values: []string{"government", "state-owned", "private", "financial", "association", "academic", "international"}, Doc: "what sort of organisation"},
		{Name: "names", Kind: Object, Doc: "the organisation's own names in other scripts", Fields: []Field{
			{Name: "en", Kind: String, MaxLen: 160, Doc: "English"},
			{Name: "zh", Kind: String, MaxLen: 160, Doc: "Chinese"},
			{Name: "ur", Kind: String, MaxLen: 160, Doc: "Urdu"},
		}},
		{Name: "website", Kind: URL, Doc: "official website"},
		{Name: "headquarters", Kind: String, Translatable: true, MaxLen: 160, Doc: "city of the head office"},
		{Name: "established", Kind: Int, HasRange: true, Min: 1800, Max: 2100, Doc: "year founded"},
		{Name: "contact", Kind: Object, Doc: "how to reach it", Fields: []Field{
			{Name: "email", Kind: Email, Doc: "e-mail address"},
			{Name: "phone", Kind: String, MaxLen: 40, Doc: "telephone number"},
			{Name: "url", Kind: URL, Doc: "contact page"},
		}},
		doc(valueChain, "segments it works in"),
	},
}

// PageFields lists the fields of a free page in content/pages.
var PageFields = []Field{Common[0], Common[1], Common[2], Common[3], Common[4], Common[5]}

// For returns every field of a collection's entries, common ones first; an
// empty collection gives the fields of free pages.
func For(c entry.Collection) []Field {
	if c == "" {
		return PageFields
	}
	return append(append([]Field(nil), Common...), ByCollection[c]...)
}

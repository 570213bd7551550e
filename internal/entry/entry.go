package entry

// Collection names one of the four kinds of entry.
type Collection string

// The collections of the directory, in the order the site shows them.
const (
	Projects   Collection = "projects"
	Policies   Collection = "policies"
	Incentives Collection = "incentives"
	Partners   Collection = "partners"
)

// Collections lists every collection in display order.
var Collections = []Collection{Projects, Policies, Incentives, Partners}

// Source is where a fact in an entry comes from.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Entry is one project, policy, incentive or partner in the default language,
// with its translations attached. Exactly one of Project, Policy, Incentive
// and Partner is set, matching Collection. Free pages (content/pages) have
// none of them set and an empty Collection.
type Entry struct {
	Collection Collection
	Slug       string
	// File is the slash-separated path of the source file relative to the
	// site root; BodyLine is the line of that file where the body begins.
	File     string
	BodyLine int

	Title   string
	Summary string
	Updated Date
	Sources []Source
	Draft   bool
	Body    string
	// Left says where the body is when the load left it in File rather
	// than hold it (Body is then empty; see Directory.Body).
	Left Left

	Project   *Project
	Policy    *Policy
	Incentive *Incentive
	Partner   *Partner

	// Translations maps a language code to that language's version.
	Translations map[string]*Translation
	// Source fingerprints the text of the entry's file and of its
	// translations' files: equal fingerprints, equal entries. It lets a
	// rebuild tell which entries changed.
	Source uint64
	// Fields records where each field's value stands in File, keyed by
	// field path ("partners[2]", "investment.amount"), for messages about
	// cross-references found after decoding.
	Fields map[string]Pos
}

// Left is where a body a load left in its file begins: At bytes into the
// file's text (with LF line endings and no byte-order mark), which had
// the fingerprint Sum. The zero Left is no body left in a file.
type Left struct {
	At  int
	Sum uint64
}

// BodySource is where a body is, for Directory.Body: held, or left in
// File; Line is the line of File it begins on.
type BodySource struct {
	File string
	Line int
	Held string
	Left Left
}

// BodySource says where the entry's body is.
func (e *Entry) BodySource() BodySource {
	return BodySource{File: e.File, Line: e.BodyLine, Held: e.Body, Left: e.Left}
}

// BodySource says where the translation's body is.
func (t *Translation) BodySource() BodySource {
	return BodySource{File: t.File, Line: t.BodyLine, Held: t.Body, Left: t.Left}
}

// HasBody reports whether the entry has a body, held or left in its file.
func (e *Entry) HasBody() bool { return e.BodySource().has() }

// HasBody reports whether the translation has a body of its own.
func (t *Translation) HasBody() bool { return t.BodySource().has() }

func (b BodySource) has() bool { return b.Held != "" || b.Left.At > 0 }

// FieldPos returns the position of a field's value, or of the file when the
// field was not recorded.
func (e *Entry) FieldPos(path string) Pos {
	if p, ok := e.Fields[path]; ok {
		return p
	}
	return Pos{File: e.File, Line: 1}
}

// Translation holds the translatable fields of an entry in one language.
// Empty fields fall back to the default language.
type Translation struct {
	Lang     string
	File     string
	BodyLine int
	Updated  Date

	Title          string
	Summary        string
	Body           string
	Left           Left
	District       string
	InvestmentNote string
	Benefit        string
	Eligibility    []string
	Headquarters   string
}

// LatLon is a WGS84 position in degrees.
type LatLon struct {
	Lat float64 `yaml:"lat" json:"lat"`
	Lon float64 `yaml:"lon" json:"lon"`
}

// Investment is an amount invested or committed.
type Investment struct {
	Amount   float64 `yaml:"amount" json:"amount"`
	Currency string  `yaml:"currency" json:"currency"`
	Year     int     `yaml:"year" json:"year,omitempty"`
	Note     string  `yaml:"note" json:"note,omitempty"`
}

// License is a mineral title held for a project.
type License struct {
	Type    string  `yaml:"type" json:"type,omitempty"`
	Number  string  `yaml:"number" json:"number,omitempty"`
	AreaKm2 float64 `yaml:"area_km2" json:"area_km2,omitempty"`
	Granted Date    `yaml:"granted" json:"granted,omitzero"`
	Expires Date    `yaml:"expires" json:"expires,omitzero"`
}

// Opportunity says whether and how a project is open to investors.
type Opportunity struct {
	Open     bool     `yaml:"open" json:"open"`
	Seeking  []string `yaml:"seeking" json:"seeking,omitempty"`
	Deadline Date     `yaml:"deadline" json:"deadline,omitzero"`
	Contact  string   `yaml:"contact" json:"contact,omitempty"`
}

// Project is a mine, deposit or processing venture.
type Project struct {
	Minerals    []string     `yaml:"minerals" json:"minerals"`
	Province    string       `yaml:"province" json:"province"`
	District    string       `yaml:"district" json:"district,omitempty"`
	Location    *LatLon      `yaml:"location" json:"location,omitempty"`
	Stage       string       `yaml:"stage" json:"stage"`
	ValueChain  []string     `yaml:"value_chain" json:"value_chain"`
	Operator    string       `yaml:"operator" json:"operator,omitempty"`
	Partners    []string     `yaml:"partners" json:"partners,omitempty"`
	Policies    []string     `yaml:"policies" json:"policies,omitempty"`
	Incentives  []string     `yaml:"incentives" json:"incentives,omitempty"`
	Investment  *Investment  `yaml:"investment" json:"investment,omitempty"`
	License     *License     `yaml:"license" json:"license,omitempty"`
	Opportunity *Opportunity `yaml:"opportunity" json:"opportunity,omitempty"`
}

// Document is the official text of a policy.
type Document struct {
	URL      string `yaml:"url" json:"url"`
	Language string `yaml:"language" json:"language,omitempty"`
}

// Policy is a law, rule, policy or agreement that governs the sector.
type Policy struct {
	Kind         string    `yaml:"kind" json:"kind"`
	Authority    string    `yaml:"authority" json:"authority"`
	Jurisdiction string    `yaml:"jurisdiction" json:"jurisdiction"`
	Issued       Date      `yaml:"issued" json:"issued"`
	Effective    Date      `yaml:"effective" json:"effective,omitzero"`
	Status       string    `yaml:"status" json:"status"`
	Supersedes   string    `yaml:"supersedes" json:"supersedes,omitempty"`
	Document     *Document `yaml:"document" json:"document,omitempty"`
	Minerals     []string  `yaml:"minerals" json:"minerals,omitempty"`
	ValueChain   []string  `yaml:"value_chain" json:"value_chain,omitempty"`
}

// Incentive is a benefit offered to investors.
type Incentive struct {
	Kind         string   `yaml:"kind" json:"kind"`
	Benefit      string   `yaml:"benefit" json:"benefit"`
	Authority    string   `yaml:"authority" json:"authority"`
	Jurisdiction string   `yaml:"jurisdiction" json:"jurisdiction"`
	LegalBasis   string   `yaml:"legal_basis" json:"legal_basis,omitempty"`
	Eligibility  []string `yaml:"eligibility" json:"eligibility,omitempty"`
	ValidFrom    Date     `yaml:"valid_from" json:"valid_from,omitzero"`
	ValidUntil   Date     `yaml:"valid_until" json:"valid_until,omitzero"`
	Minerals     []string `yaml:"minerals" json:"minerals,omitempty"`
	ValueChain   []string `yaml:"value_chain" json:"value_chain,omitempty"`
}

// Expired reports whether the incentive's validity ended before today.
func (i *Incentive) Expired(today Date) bool {
	return !i.ValidUntil.IsZero() && i.ValidUntil.Compare(today) < 0
}

// Names are an organisation's own names in other scripts.
type Names struct {
	EN string `yaml:"en" json:"en,omitempty"`
	ZH string `yaml:"zh" json:"zh,omitempty"`
	UR string `yaml:"ur" json:"ur,omitempty"`
}

// Get returns the name in lang, or "".
func (n Names) Get(lang string) string {
	switch lang {
	case "en":
		return n.EN
	case "zh":
		return n.ZH
	case "ur":
		return n.UR
	}
	return ""
}

// Contact is how to reach an organisation.
type Contact struct {
	Email string `yaml:"email" json:"email,omitempty"`
	Phone string `yaml:"phone" json:"phone,omitempty"`
	URL   string `yaml:"url" json:"url,omitempty"`
}

// Partner is a state body, enterprise, financier or association.
type Partner struct {
	Country      string   `yaml:"country" json:"country"`
	Kind         string   `yaml:"kind" json:"kind"`
	Names        Names    `yaml:"names" json:"names,omitzero"`
	Website      string   `yaml:"website" json:"website,omitempty"`
	Headquarters string   `yaml:"headquarters" json:"headquarters,omitempty"`
	Established  int      `yaml:"established" json:"established,omitempty"`
	Contact      *Contact `yaml:"contact" json:"contact,omitempty"`
	ValueChain   []string `yaml:"value_chain" json:"value_chain,omitempty"`
}

package main

import (
	"strings"
	"unicode"
)

// Body lengths in words, as the benchmark issue asks: realistic entries of
// 300 to 600 words.
const (
	minWords = 300
	maxWords = 600
	// fillerSlack is the longest filler sentence, so that filling up to a
	// target below maxWords-fillerSlack never passes maxWords.
	fillerSlack = 30
)

// markdown builds an entry body and counts its words.
type markdown struct {
	b     strings.Builder
	words int
}

func (m *markdown) add(s string) {
	m.b.WriteString(s)
	m.words += countWords(s)
}

func (m *markdown) heading(s string) { m.add("## " + s + "\n\n") }

func (m *markdown) para(sentences ...string) {
	if len(sentences) > 0 {
		m.add(strings.Join(sentences, " ") + "\n\n")
	}
}

func (m *markdown) list(items ...string) {
	for _, it := range items {
		m.add("- " + it + "\n")
	}
	m.b.WriteByte('\n')
}

func (m *markdown) table(head []string, rows [][]string) {
	m.add("| " + strings.Join(head, " | ") + " |\n")
	m.b.WriteString(strings.Repeat("|---", len(head)) + "|\n")
	for _, r := range rows {
		m.add("| " + strings.Join(r, " | ") + " |\n")
	}
	m.b.WriteByte('\n')
}

func (m *markdown) String() string { return strings.TrimRight(m.b.String(), "\n") + "\n" }

// countWords counts the tokens that hold a letter or a digit, so Markdown
// punctuation (##, |, -) is not counted.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

// sentences returns k distinct sentences of pool in random order, with the
// placeholders replaced.
func (g *generator) sentences(pool []string, k int, r *strings.Replacer) []string {
	k = min(k, len(pool))
	out := make([]string, 0, k)
	for _, i := range g.rng.Perm(len(pool))[:k] {
		out = append(out, r.Replace(pool[i]))
	}
	return out
}

// fill ends a body with an outlook section of filler sentences until it
// reaches a random length between minWords and maxWords.
func (g *generator) fill(m *markdown, heading string, r *strings.Replacer) {
	target := minWords + g.rng.IntN(maxWords-fillerSlack-minWords+1)
	m.heading(heading)
	deck := g.rng.Perm(len(fillerEn))
	for first := true; first || m.words < target; first = false {
		var para []string
		for range 3 {
			if len(deck) == 0 {
				deck = g.rng.Perm(len(fillerEn))
			}
			para = append(para, r.Replace(fillerEn[deck[0]]))
			deck = deck[1:]
			if m.words+countWords(strings.Join(para, " ")) >= target {
				break
			}
		}
		m.para(para...)
	}
}

// links joins Markdown links to the items as a phrase: "a", "a and b",
// "a, b and c".
func links(list []*item, zh bool) string {
	parts := make([]string, len(list))
	for i, it := range list {
		if zh {
			parts[i] = it.link(it.zhTitle)
		} else {
			parts[i] = it.link(it.title)
		}
	}
	if zh {
		return strings.Join(parts, "、")
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// The English sentence pools. Placeholders in braces are replaced per entry.
var (
	projectOverview = []string{
		"{name} is a {minerals} {type} in {district} District, {province}, about {km} km by road from the nearest railhead.",
		"The {type} lies in {district}, where artisanal miners worked surface showings of {mineral} long before the first systematic survey.",
		"The area around {district} was first mapped by the Geological Survey of Pakistan in {year} and has since been explored by several companies.",
		"The licence area covers rugged ground between {elev} and {elev2} metres above sea level, reached by a seasonal track.",
		"It is one of {jobs} mineral titles recorded in {province} for {mineral}, and among the few with a published resource estimate.",
		"The project is at the {stage} stage, and its holder reports progress to the provincial mines department every quarter.",
	}
	projectGeology = []string{
		"Mineralisation is hosted in {rock} of {age} age and follows a north-east trending fault zone for roughly {len} km.",
		"Drilling to date totals {drill} metres in {holes} holes, with the deepest intersection at {depth} metres.",
		"The indicated resource stands at {tonnes} million tonnes grading {grade}% {mineral}, with an inferred resource of similar size below it.",
		"Oxidised ore near the surface suits heap leaching, while the primary ore below it needs flotation.",
		"Independent consultants reviewed the drilling data in {year2} and confirmed the continuity of the main zone.",
	}
	projectFacts = []string{
		"Host rock: {rock} of {age} age", "Strike length: about {len} km", "Drilling: {drill} m in {holes} holes",
		"Resource: {tonnes} Mt at {grade}% {mineral}", "Deepest intersection: {depth} m", "Elevation: {elev} to {elev2} m",
		"Nearest town: {town}",
	}
	projectLogistics = []string{
		"Concentrate is trucked {km} km to Karachi Port or to Gwadar, depending on the buyer.",
		"A 132 kV line passes {km2} km from the site; until it is connected, the camp runs on diesel generators.",
		"The access road was widened in {year2} with funding from the provincial government.",
		"Staff are housed in a camp for {jobs} people, with a clinic and a training room.",
		"Water for processing is drawn from a seasonal stream and from boreholes {km2} km from the site.",
	}
	partnerOverview = []string{
		"{name} is a {kind} organisation based in {town}, established in {year}.",
		"It employs about {jobs} people, a growing share of them Pakistani engineers and geologists.",
		"It keeps an office in {town} and a liaison office in Islamabad, and reports to its board every quarter.",
		"Since {year2} it has taken part in mineral projects in {province}, often alongside Chinese and Pakistani partners.",
		"Its annual budget for work in Pakistan is about USD {tonnes} million.",
	}
	policyOverview = []string{
		"It sets out how mineral titles are applied for, granted, renewed and cancelled.",
		"It replaced a patchwork of earlier notifications and brought the procedures into one instrument.",
		"The text was published in the official gazette in {year} and is available from the issuing body.",
		"Amendments were notified in {year2} to align the royalty schedule with the national mineral policy.",
		"It applies to every holder of a mineral title, Pakistani or foreign, within its jurisdiction.",
	}
	policyProvisions = []string{
		"Application for and grant of mineral titles", "Surface rent and royalty rates", "Obligations of title holders",
		"Inspection and mine safety", "Transfer and assignment of titles", "Penalties and appeals",
		"Environmental obligations and closure plans", "Reporting of production and sales",
	}
	incentiveOverview = []string{
		"Applications are made through the one-window desk of the Board of Investment or of the zone authority.",
		"The benefit is confirmed in a certificate issued within {holes} working days of a complete application.",
		"It was introduced in {year} to attract investment in processing rather than the export of raw ore.",
		"Enterprises already operating may apply for the remaining period of the scheme.",
	}
	fillerEn = []string{
		"Investors should check the latest status with the provincial mines department before committing funds.",
		"The figures above come from the sources listed below and were last checked on the date shown.",
		"Local communities have asked for a share of employment and for investment in schools and water supply.",
		"Security arrangements follow the provincial guidelines for foreign staff working in remote districts.",
		"The operator plans to publish an updated resource statement under an internationally recognised reporting code.",
		"Power, water and road access remain the main constraints on the pace of development in {province}.",
		"Price movements in international markets for {mineral} have a direct effect on the economics of the sector.",
		"Chinese equipment suppliers have offered deferred-payment terms for processing plant and mobile fleet.",
		"Training of local technicians is carried out with a technical college in {town}.",
		"Environmental baseline studies cover air quality, groundwater and the seasonal movement of livestock.",
		"Title holders must submit annual work programmes and pay surface rent on time to keep their licences in good standing.",
		"Disputes over land use are settled through a committee that includes the district administration and local elders.",
		"Offtake discussions are under way with buyers in China and the Gulf.",
		"Royalties are paid to the province on the value of the mineral at the mine mouth.",
		"A review of the fiscal terms is expected once the federal mineral policy is next updated.",
		"A grievance mechanism has been published for people living near the sites concerned.",
		"Banks in Karachi and Beijing have shown interest in financing the next phase against long-term sales contracts.",
		"Monsoon rains close some access roads for several weeks each year, which the work programme allows for.",
		"The provincial government has promised to speed up the approval of mineral titles through an online system.",
		"Geologists from Pakistani universities take part in field work every season.",
		"Insurance for equipment in transit is arranged through the national insurer and a Chinese partner.",
		"Further details are available from the issuing body and from the Board of Investment on request.",
	}
)

// timelineEvents are project milestones in lifecycle order.
var timelineEvents = []string{
	"Reconnaissance survey", "Exploration licence granted", "Drilling campaign", "Resource estimate published",
	"Feasibility study completed", "Mining lease granted", "Construction started", "First production",
}

var (
	rocks = []string{"volcanic porphyry", "limestone", "ophiolite", "sandstone", "granite", "skarn", "black shale"}
	ages  = []string{"Eocene", "Jurassic", "Cretaceous", "Miocene", "Permian", "Palaeocene"}
)

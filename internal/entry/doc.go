// Package entry holds the domain types of the directory: entries of the four
// collections and their translations, taxonomies, site settings, and the
// positioned errors that every stage reports with.
//
// It imports only the standard library so that every other package can
// depend on it; it knows nothing of YAML, Markdown or HTML.
package entry

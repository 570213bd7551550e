// Package content reads a site's source tree through an fs.FS: the entries
// in content/, the settings, taxonomies and interface strings in data/. It
// splits front matter, parses YAML with positions, hands each document to
// the schema checker, and assembles the entry.Directory.
//
// Only files are read; nothing is written. Every problem is collected and
// returned together, each at a file, line and column.
package content

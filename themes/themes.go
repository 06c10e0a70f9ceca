// Package themes holds the themes built into dossier, so that a site needs
// no theme folder of its own. The files under themes/default/ are the
// source of the default theme; they are embedded in the binary as they are.
//
// A site's own themes/NAME/FILE overrides the built-in file of the same
// path, file by file (see package internal/theme).
package themes

import "embed"

// FS holds the built-in themes, one folder each: "default/base.html".
//
//go:embed default
var FS embed.FS

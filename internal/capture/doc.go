// Package capture brings a web article into a site as a source with text,
// for dossier add, and reads live pages again for dossier check -links.
//
// It is not a stage of the build pipeline: the build stays offline. A
// capture has three steps:
//
//   - Client.Fetch gets the page over http or https only, with a timeout,
//     a cap on the body's size and on redirects, and a User-Agent that
//     names dossier; anything but an HTML page is refused with a message
//     that says what to do instead.
//   - Extract decodes the page from the character set it declares (the
//     Content-Type, a byte order mark or <meta charset>), reads its
//     metadata (ExtractMeta: JSON-LD first, then OpenGraph and <meta>,
//     then <title> and <link rel=canonical>) and extracts the article's
//     text with readability (codeberg.org/readeck/go-readability/v2, a
//     maintained port of Mozilla's Readability.js): navigation, ads,
//     footers and scripts are left out.
//   - Article.Seed writes the text as a seed, one paragraph a line with
//     headings on their own lines, and Article.Source the source's front
//     matter with the metadata, the seed, the address and the day of
//     capture.
package capture

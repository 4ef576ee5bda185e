// Package hunts is lakehunt's hunting pack: one SQL file per hunt, each
// with the metadata header that package hunt parses, embedded in the binary.
package hunts

import "embed"

// FS holds the hunt files, named <id>.sql.
//
//go:embed *.sql
var FS embed.FS

package ingest

import (
	"github.com/lakehunt/lakehunt/storage/source"
)

// maxChunkBytes caps a chunk of sources. A chunk goes to one worker: sources
// in path order are one account and region, day after day, so a worker that
// reads them in a row can write a day as one file, where workers taking
// turns would write one file per worker. Chunks are still small enough (and
// at least four per worker) that the workers finish together.
const maxChunkBytes = 32 << 20

// chunkSources cuts sources, in their order, into runs of at most the chunk
// size for this many workers. A source of unknown size is a run of its own.
func chunkSources(sources []source.Source, workers int) [][]source.Source {
	var total int64
	for _, src := range sources {
		total += max(src.Size, 0)
	}
	limit := min(total/int64(4*workers), maxChunkBytes)
	var chunks [][]source.Source
	var size int64
	for i, src := range sources {
		if i == 0 || src.Size < 0 || size < 0 || size+src.Size > limit {
			chunks = append(chunks, nil)
			size = 0
		}
		chunks[len(chunks)-1] = append(chunks[len(chunks)-1], src)
		if src.Size < 0 {
			size = -1
		} else {
			size += src.Size
		}
	}
	return chunks
}

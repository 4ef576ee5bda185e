package s3

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/lakehunt/lakehunt/storage/source"
)

// prefetchLimits bound fetching ahead of the pipeline. Log objects are
// small (CloudTrail delivers files of kilobytes to a few megabytes), so a
// request's latency, not bandwidth, is what a worker would wait for.
type prefetchLimits struct {
	ahead     int   // objects fetched and not yet opened
	perObject int64 // larger objects are streamed when opened, never held
	budget    int64 // bytes held by fetched objects not yet read to the end
}

var defaultPrefetchLimits = prefetchLimits{ahead: 32, perObject: 16 << 20, budget: 128 << 20}

// prefetcher hands out the objects of a listing in the order the pipeline
// opens them (list order), downloading the next ones while earlier ones are
// decoded.
type prefetcher struct {
	ctx     context.Context
	c       *Client
	objects []object
	want    []bool // false when the pipeline will skip the object as ingested
	limits  prefetchLimits

	mu     sync.Mutex
	next   int // next object to consider fetching ahead
	opened int // highest index opened so far
	held   int64
	slots  map[int]*fetched
}

type fetched struct {
	done chan struct{}
	data []byte
	err  error
}

func newPrefetcher(ctx context.Context, c *Client, objects []object, cfg expandConfig) *prefetcher {
	p := &prefetcher{ctx: ctx, c: c, objects: objects, want: make([]bool, len(objects)), limits: cfg.prefetch, opened: -1, slots: map[int]*fetched{}}
	for i, o := range objects {
		p.want[i] = cfg.ingested == nil || !cfg.ingested(o.uri(), o.ETag)
	}
	return p
}

func (p *prefetcher) sources() []source.Source {
	out := make([]source.Source, len(p.objects))
	for i, o := range p.objects {
		out[i] = source.Source{
			Name:    o.uri(),
			Size:    o.Size,
			ModTime: o.ModTime,
			ETag:    o.ETag,
			Open:    func() (io.ReadCloser, error) { return p.open(i) },
		}
	}
	return out
}

func (p *prefetcher) open(i int) (io.ReadCloser, error) {
	p.mu.Lock()
	p.opened = max(p.opened, i)
	f := p.slots[i]
	delete(p.slots, i)
	p.fill()
	p.mu.Unlock()
	if f == nil {
		return source.Decompress(newObjectReader(p.ctx, p.c, p.objects[i]))
	}
	size := p.objects[i].Size
	select {
	case <-f.done:
	case <-p.ctx.Done():
		p.release(size)
		return nil, p.ctx.Err()
	}
	if f.err != nil {
		p.release(size)
		return nil, f.err
	}
	return source.Decompress(&heldObject{Reader: bytes.NewReader(f.data), release: func() { p.release(size) }})
}

// fill starts downloads up to the limits. Objects at or behind the last
// opened one are left to be streamed: a worker has them already.
func (p *prefetcher) fill() {
	for p.next < len(p.objects) && len(p.slots) < p.limits.ahead {
		i := p.next
		o := p.objects[i]
		if i <= p.opened || !p.want[i] || o.Size > p.limits.perObject {
			p.next++
			continue
		}
		if p.held+o.Size > p.limits.budget {
			return
		}
		p.held += o.Size
		f := &fetched{done: make(chan struct{})}
		p.slots[i] = f
		p.next++
		go func() {
			defer close(f.done)
			r := newObjectReader(p.ctx, p.c, o)
			defer r.Close()
			buf := bytes.NewBuffer(make([]byte, 0, o.Size+bytes.MinRead))
			_, f.err = buf.ReadFrom(r)
			f.data = buf.Bytes()
		}()
	}
}

func (p *prefetcher) release(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held -= n
	p.fill()
}

// heldObject is a fetched object; closing it returns its bytes to the budget.
type heldObject struct {
	*bytes.Reader
	release func()
	once    sync.Once
}

func (h *heldObject) Close() error {
	h.once.Do(h.release)
	return nil
}

package ingest

import (
	"runtime"
	"sync"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// parallelMapper maps the records of one source on every core while
// keeping their order: the decoding goroutine fills batches, mappers turn
// them into rows, and rows are emitted on the decoding goroutine in batch
// order, so emit needs no locking. A single large file thus uses both cores.
//
// Most CloudTrail objects hold a few events: a source that fits one batch
// is mapped on the decoding goroutine without starting mappers, and
// batches come from a pool shared by every source of a run, so a small
// file costs neither goroutines nor fresh buffers.
type parallelMapper[T any] struct {
	mapRecord func(index int64, raw []byte) (lake.Row[T], error)
	emit      func(lake.Row[T]) error
	reject    func(int64, error)
	batches   *sync.Pool // of *mapBatch[T]

	jobs     chan *mapBatch[T] // nil until the first full batch
	inflight []*mapBatch[T]
	current  *mapBatch[T]
}

const (
	mapBatchRecords = 256
	mapBatchBytes   = 1 << 20
)

type mapBatch[T any] struct {
	arena   []byte
	ends    []int
	indexes []int64
	rows    []lake.Row[T]
	errs    []error
	done    chan struct{}
}

func newParallelMapper[T any](batches *sync.Pool, mapRecord func(int64, []byte) (lake.Row[T], error), emit func(lake.Row[T]) error, reject func(int64, error)) *parallelMapper[T] {
	return &parallelMapper[T]{mapRecord: mapRecord, emit: emit, reject: reject, batches: batches}
}

func (m *parallelMapper[T]) start() {
	workers := runtime.NumCPU()
	m.jobs = make(chan *mapBatch[T], workers)
	for i := 0; i < workers; i++ {
		go func() {
			for b := range m.jobs {
				m.mapBatch(b)
				close(b.done)
			}
		}()
	}
}

func (m *parallelMapper[T]) mapBatch(b *mapBatch[T]) {
	start := 0
	for i, end := range b.ends {
		b.rows[i], b.errs[i] = m.mapRecord(b.indexes[i], b.arena[start:end])
		start = end
	}
}

// add queues one record; the bytes are copied.
func (m *parallelMapper[T]) add(index int64, raw []byte) error {
	if m.current == nil {
		m.current = m.newBatch()
	}
	b := m.current
	b.arena = append(b.arena, raw...)
	b.ends = append(b.ends, len(b.arena))
	b.indexes = append(b.indexes, index)
	if len(b.ends) >= mapBatchRecords || len(b.arena) >= mapBatchBytes {
		return m.dispatch()
	}
	return nil
}

func (m *parallelMapper[T]) newBatch() *mapBatch[T] {
	b, ok := m.batches.Get().(*mapBatch[T])
	if !ok {
		b = &mapBatch[T]{}
	}
	b.arena, b.ends, b.indexes = b.arena[:0], b.ends[:0], b.indexes[:0]
	b.done = make(chan struct{})
	return b
}

func (m *parallelMapper[T]) dispatch() error {
	b := m.current
	m.current = nil
	if b == nil || len(b.ends) == 0 {
		return nil
	}
	if m.jobs == nil {
		m.start()
	}
	b.rows = growTo(b.rows, len(b.ends))
	b.errs = growTo(b.errs, len(b.ends))
	m.inflight = append(m.inflight, b)
	m.jobs <- b
	// Bound the work in flight: emit the oldest batch once enough are queued.
	if len(m.inflight) > 2*cap(m.jobs) {
		return m.emitOldest()
	}
	return nil
}

func (m *parallelMapper[T]) emitOldest() error {
	b := m.inflight[0]
	m.inflight = m.inflight[1:]
	<-b.done
	return m.emitBatch(b)
}

// emitBatch hands a mapped batch's rows on in order and returns the batch
// to the pool.
func (m *parallelMapper[T]) emitBatch(b *mapBatch[T]) error {
	var err error
	for i := range b.ends {
		if err == nil {
			if b.errs[i] != nil {
				m.reject(b.indexes[i], b.errs[i])
			} else {
				err = m.emit(b.rows[i])
			}
		}
		var zero lake.Row[T]
		b.rows[i], b.errs[i] = zero, nil
	}
	m.batches.Put(b)
	return err
}

// finish maps and emits what is queued, then stops the mappers. It must be
// called once, whatever happened.
func (m *parallelMapper[T]) finish(emitRest bool) error {
	var err error
	if emitRest && m.jobs == nil && m.current != nil {
		// The whole source fit one batch: map it here.
		b := m.current
		m.current = nil
		b.rows = growTo(b.rows, len(b.ends))
		b.errs = growTo(b.errs, len(b.ends))
		m.mapBatch(b)
		err = m.emitBatch(b)
	} else if emitRest {
		err = m.dispatch()
	}
	for len(m.inflight) > 0 {
		if e := m.emitOldest(); e != nil && err == nil {
			err = e
		}
		if err != nil {
			// Drain without emitting.
			for _, b := range m.inflight {
				<-b.done
			}
			m.inflight = nil
		}
	}
	if m.jobs != nil {
		close(m.jobs)
	}
	return err
}

func growTo[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

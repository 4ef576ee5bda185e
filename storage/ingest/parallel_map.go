package ingest

import (
	"runtime"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// parallelMapper maps the records of one source on every core while
// keeping their order: the decoding goroutine fills batches, mappers turn
// them into rows, and rows are emitted on the decoding goroutine in batch
// order, so emit needs no locking. A single large file thus uses both cores.
type parallelMapper[T any] struct {
	mapRecord func(index int64, raw []byte) (lake.Row[T], error)
	emit      func(lake.Row[T]) error
	reject    func(int64, error)

	jobs     chan *mapBatch[T]
	inflight []*mapBatch[T]
	current  *mapBatch[T]
	free     []*mapBatch[T]
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

func newParallelMapper[T any](mapRecord func(int64, []byte) (lake.Row[T], error), emit func(lake.Row[T]) error, reject func(int64, error)) *parallelMapper[T] {
	workers := runtime.NumCPU()
	m := &parallelMapper[T]{mapRecord: mapRecord, emit: emit, reject: reject, jobs: make(chan *mapBatch[T], workers)}
	for i := 0; i < workers; i++ {
		go m.work()
	}
	return m
}

func (m *parallelMapper[T]) work() {
	for b := range m.jobs {
		start := 0
		for i, end := range b.ends {
			b.rows[i], b.errs[i] = m.mapRecord(b.indexes[i], b.arena[start:end])
			start = end
		}
		close(b.done)
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
	if n := len(m.free); n > 0 {
		b := m.free[n-1]
		m.free = m.free[:n-1]
		b.arena, b.ends, b.indexes = b.arena[:0], b.ends[:0], b.indexes[:0]
		b.done = make(chan struct{})
		return b
	}
	return &mapBatch[T]{done: make(chan struct{})}
}

func (m *parallelMapper[T]) dispatch() error {
	b := m.current
	m.current = nil
	if b == nil || len(b.ends) == 0 {
		return nil
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
	m.free = append(m.free, b)
	return err
}

// finish maps and emits what is queued, then stops the mappers. It must be
// called once, whatever happened.
func (m *parallelMapper[T]) finish(emitRest bool) error {
	var err error
	if emitRest {
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
	close(m.jobs)
	return err
}

func growTo[E any](s []E, n int) []E {
	if cap(s) < n {
		return make([]E, n)
	}
	return s[:n]
}

package hunt

import "sync"

// runQueue hands a run's hunts to its workers so that at most one hunt
// that reads VPC Flow runs at a time. Those are full passes over the
// largest table, each an aggregation DuckDB already spreads over every
// core, so two at once gain little time and hold two sets of hash tables
// in one memory limit: with DuckDB given 1.0 GB, vpc_port_scan_horizontal
// ran out of memory while another flow hunt held the rest (the 30-day pack
// over the medium bench lake, one run in three, 2-core Intel Xeon), and at
// --memory-limit 2GB DuckDB now gets 1.2 GB (engine's outsidePoolFloor).
// One at a time, the pack's hunts took 297 s, within the 247-301 s of
// other runs that day (README, Benchmarks). A flow hunt is handed out
// first whenever none is running, since they are the long ones; CloudTrail
// hunts fill the other workers meanwhile.
type runQueue struct {
	mu          sync.Mutex
	flow, other []int // hunts not yet handed out, in run order
	flowRunning int   // the flow hunt being run, or -1
}

func newRunQueue(hs []*Hunt) *runQueue {
	q := &runQueue{flowRunning: -1}
	for i, h := range hs {
		if h.Reads(SourceVPCFlow) {
			q.flow = append(q.flow, i)
		} else {
			q.other = append(q.other, i)
		}
	}
	return q
}

// next is called by a worker with the hunt it has just run (-1 at first)
// and gives the next hunt it should run. It returns false when nothing is
// left for this worker: only flow hunts remain and another worker is
// running one, which will then run the rest in turn.
func (q *runQueue) next(done int) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if done >= 0 && done == q.flowRunning {
		q.flowRunning = -1
	}
	if q.flowRunning < 0 && len(q.flow) > 0 {
		q.flowRunning, q.flow = q.flow[0], q.flow[1:]
		return q.flowRunning, true
	}
	if len(q.other) > 0 {
		i := q.other[0]
		q.other = q.other[1:]
		return i, true
	}
	return 0, false
}

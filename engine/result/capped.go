package result

// Capped returns rows that end after max rows of r, and a Cap that tells
// once they are read whether r held more. Front ends that show a bounded
// answer (the console's pages, the MCP tools) read through it.
func Capped(r *Rows, max int) (*Rows, *Cap) {
	c := &Cap{rows: r, max: max}
	return NewRows(r.Columns(), c), c
}

// Cap is the cursor of Capped rows.
type Cap struct {
	rows      *Rows
	max, seen int
	truncated bool
}

// Next reads the next row of the capped result into values.
func (c *Cap) Next(values []any) (bool, error) {
	if !c.rows.Next() {
		return false, c.rows.Err()
	}
	if c.seen == c.max {
		c.truncated = true
		return false, nil
	}
	c.seen++
	copy(values, c.rows.Values())
	return true, nil
}

// Close closes the underlying rows.
func (c *Cap) Close() error { return c.rows.Close() }

// Truncated tells whether rows were left out after the cap.
func (c *Cap) Truncated() bool { return c.truncated }

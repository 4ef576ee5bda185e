package result

// MaxEvidence caps the event uids a hunt's finding carries in
// evidence_uids; evidence_total keeps the full count. The engine's
// lh_evidence macro and the hunt runner both read it here, a package
// without DuckDB, so that the hunt runner does not link DuckDB.
const MaxEvidence = 20

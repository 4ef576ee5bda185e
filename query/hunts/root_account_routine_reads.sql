-- id: root_account_routine_reads
-- title: Root user reading from a familiar address
-- description: Successful reads made as the root user (Describe, List, Head, Lookup,
--   Search, Get other than of secrets, parameters, passwords and credentials) from an
--   address the root user already worked from in the $baseline before the window: the
--   owner checking the bill, the buckets or the instances from the usual place. Root
--   should still be locked away, so this stays visible, at low; root signing in,
--   writing, failing or reading from a new address is root_account_used's high finding.
-- severity: low
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: root, privileged, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT * EXCLUDE (routine_read)
    FROM lh_root_calls('cloudtrail_all', $baseline_start, $window_start, $window_end)
    WHERE routine_read
)
SELECT * FROM lh_filter_findings('matched', $gap, concat('root ', api.operation), top := 16)

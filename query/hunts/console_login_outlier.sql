-- id: console_login_outlier
-- title: Hourly console logins far above normal
-- description: An hour in the window whose successful or failed console login count
--   exceeds the mean of the same accounts hourly counts over the $baseline before the
--   window by more than $sigmas standard deviations (and by at least $min_logins). Sumo
--   Logic outlier panels for success and failure.
-- severity: low
-- tactics: TA0006, TA0001
-- techniques: T1110, T1078.004
-- source: cloudtrail
-- logic: outlier
-- covers: sumo_outlier_success_login, sumo_outlier_failed_login, sumo_login_results_one_day_compare, sumo_logins_over_time
-- tags: console, logins, sumo, baseline
-- baseline: 7d
-- param: sigmas:float=3 | Standard deviations above the baseline mean.
-- param: min_logins:int=5 | Smallest hourly count worth reporting.
WITH hourly AS (
    SELECT accountid, status, date_trunc('hour', time_dt) AS hour, count(*) AS logins,
           min(time_dt) AS first_time, max(time_dt) AS last_time,
           lh_evidence(metadata.uid, time_dt) AS uids, count(metadata.uid) AS uid_count,
           min(region) AS region
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status IN ('Success', 'Failure')
    GROUP BY accountid, status, hour
),
baseline_hours AS (
    SELECT (epoch($window_start) - epoch($baseline_start)) / 3600 AS n
),
history AS (
    -- Hours without logins count as zeros: the mean and deviation are
    -- over every hour of the baseline, not only the busy ones.
    SELECT accountid, status,
           sum(logins) / any_value(n) AS mean,
           sqrt(greatest(sum(logins * logins) / any_value(n) - pow(sum(logins) / any_value(n), 2), 0)) AS sd
    FROM hourly, baseline_hours
    WHERE hour < $window_start
    GROUP BY accountid, status
)
SELECT
    h.first_time,
    h.last_time,
    h.accountid AS account,
    h.region,
    NULL AS actor,
    NULL AS src_ip,
    concat(CAST(h.logins AS VARCHAR), ' ', lower(h.status), ' console logins in the hour from ', strftime(h.hour, '%Y-%m-%dT%H:00Z'),
           ' (baseline mean ', CAST(round(b.mean, 2) AS VARCHAR), ' per hour)') AS summary,
    h.logins AS event_count,
    h.uids AS evidence_uids,
    h.uid_count AS evidence_total
FROM hourly h
JOIN history b USING (accountid, status)
WHERE h.hour >= $window_start
  AND h.logins >= $min_logins
  AND h.logins > b.mean + $sigmas * b.sd
ORDER BY first_time

-- Flows between an address in 172.16.0.0/12 and one outside it.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/vpcflow/vpcflow_demo_queries.sql (Athena engine v3
-- section, contains with IPADDRESS). Adapted: AWS's column names, the
-- partition constraints dropped, 172.16.0.0/12 for the corpus's VPC.
SELECT * FROM vpc_flow_logs
WHERE log_status = 'OK' -- required to filter out '-' in the src/dst IP fields
AND NOT (contains('172.16.0.0/12', cast(srcaddr as IPADDRESS))
AND contains('172.16.0.0/12', cast(dstaddr as IPADDRESS)));

SELECT * FROM raw_vpc_flow
WHERE log_status = 'OK' AND NOT (
    coalesce(split_part(srcaddr, '.', 1) = '172' AND TRY_CAST(split_part(srcaddr, '.', 2) AS INTEGER) BETWEEN 16 AND 31, false)
    AND coalesce(split_part(dstaddr, '.', 1) = '172' AND TRY_CAST(split_part(dstaddr, '.', 2) AS INTEGER) BETWEEN 16 AND 31, false));

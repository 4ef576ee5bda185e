-- Source and destination address pairs by number of records.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/vpcflow/vpcflow_demo_queries.sql. Adapted: AWS's
-- column names (instance_id, srcaddr, dstaddr), the partition constraints
-- dropped.
SELECT region, instance_id, srcaddr, dstaddr, count(*) as record_count FROM vpc_flow_logs
GROUP BY region, instance_id, srcaddr, dstaddr
ORDER BY record_count DESC;

SELECT region, instance_id, srcaddr, dstaddr, count(*) FROM raw_vpc_flow GROUP BY ALL;

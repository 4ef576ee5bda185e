-- Every flow between two addresses, with its direction.
-- Source: awslabs/aws-security-analytics-bootstrap,
-- sql/dml/analytics/vpcflow/vpcflow_demo_queries.sql. Adapted: AWS's
-- column names, the corpus's addresses.
SELECT from_unixtime(start) AS start_time,
from_unixtime("end") AS end_time,
interface_id,
srcaddr,
dstaddr,
srcport,
dstport,
packets,
bytes,
flow_direction,
action
FROM vpc_flow_logs
WHERE (srcaddr = '10.0.1.25'
AND dstaddr = '192.0.2.55')
OR (srcaddr = '192.0.2.55'
AND dstaddr = '10.0.1.25')
ORDER BY start ASC;

SELECT to_timestamp(start), to_timestamp("end"), interface_id, srcaddr, dstaddr, srcport, dstport, packets, bytes,
    flow_direction, action
FROM raw_vpc_flow
WHERE srcaddr IN ('10.0.1.25', '192.0.2.55') AND dstaddr IN ('10.0.1.25', '192.0.2.55') AND srcaddr <> dstaddr;

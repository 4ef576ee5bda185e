-- Rejected TCP connections, with the day of the week of the date partition.
-- Source: Amazon Athena user guide, "Create a table for Amazon VPC flow
-- logs and query it", example queries, unchanged.
SELECT day_of_week(date) AS
  day,
  date,
  interface_id,
  srcaddr,
  action,
  protocol
FROM vpc_flow_logs
WHERE action = 'REJECT' AND protocol = 6
LIMIT 100;

SELECT isodow("date"), "date", interface_id, srcaddr, action, protocol
FROM raw_vpc_flow WHERE action = 'REJECT' AND protocol = 6;

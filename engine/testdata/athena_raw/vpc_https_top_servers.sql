-- The servers receiving the most HTTPS packets in the last week.
-- Source: Amazon Athena user guide, "Create a table for Amazon VPC flow
-- logs and query it", example queries, unchanged (the clock is pinned).
SELECT SUM(packets) AS
  packetcount,
  dstaddr
FROM vpc_flow_logs
WHERE dstport = 443 AND date > current_date - interval '7' day
GROUP BY dstaddr
ORDER BY packetcount DESC
LIMIT 10;

SELECT sum(packets), dstaddr FROM raw_vpc_flow
WHERE dstport = 443 AND "date" > DATE '2024-03-03'
GROUP BY dstaddr ORDER BY 1 DESC LIMIT 10;

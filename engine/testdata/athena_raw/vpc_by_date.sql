-- The flow records of one day.
-- Source: Amazon Athena user guide, "Create a table for Amazon VPC flow
-- logs and query it", example queries. Adapted: the day is the corpus's.
SELECT *
FROM vpc_flow_logs
WHERE date = DATE('2024-03-05')
LIMIT 100;

SELECT * FROM raw_vpc_flow WHERE "date" = DATE '2024-03-05';

-- Traffic originating from 198.51.100.0/24 in the last 7 days
-- (AWS Security Lake user guide, VPC Flow examples for source version 2; the
-- missing space before AND is in the original and is valid SQL;
-- copied from /work/shared/athena-examples.sql)
SELECT *
FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_vpc_flow_2_0"
WHERE time_dt BETWEEN CURRENT_TIMESTAMP - INTERVAL '7' DAY AND CURRENT_TIMESTAMP
AND split_part(src_endpoint.ip,'.', 1)='198'AND split_part(src_endpoint.ip,'.', 2)='51'
LIMIT 25;

-- id: vpc_database_ports_from_internet
-- title: Database ports reached from the internet
-- description: Accepted flows from public addresses to database and cache ports (SQL
--   Server, Oracle, MySQL, PostgreSQL, CouchDB, Redis, Cassandra, ArangoDB, Memcached,
--   MongoDB and more, $db_ports) (Tailpipe "database traffic", narrowed to public
--   sources).
-- severity: high
-- tactics: TA0001, TA0009
-- techniques: T1190, T1213
-- source: vpcflow
-- logic: filter
-- covers: tp_vpc_database_traffic, vpc_database_ports
-- tags: vpc, network, exposure, database
-- param: db_ports:ints=1150,1433,1434,1521,1522,1526,3306,3307,5432,5433,5984,6379,6380,6381,6382,6383,7000,7001,9042,9160,8529,11211,27017,27018,27019 | Database destination ports.
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND list_contains($db_ports, dst_endpoint.port) AND (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)) AND dst_endpoint.port <= coalesce(src_endpoint.port, 65535)
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' accepted, ', CAST(sum(traffic.bytes) AS VARCHAR), ' bytes'))

-- Run once by the postgres image on an empty data directory
-- (mounted into /docker-entrypoint-initdb.d/). One database per owner:
-- no service ever opens another service's database.
CREATE DATABASE gateway;
CREATE DATABASE registry;
CREATE DATABASE newsroom;
CREATE DATABASE ppid;

"""Partial indexes for the visits confirmation queue (`confirmed=false`), PostgreSQL only.

The queue is a small part of 2.5 million visits: per station, newest first, the county's queue
(its stations' unconfirmed visits) is read from the partial index instead of scanning every
visit; the province's queue walks the second one in the page's order. SQLite (the demo) gets
nothing: the demo is small (tests/liaison_stations/test_queue_indexes.py checks them on
PostgreSQL)."""

from django.db import migrations

from congress.migration_ops import PostgresSQL


class Migration(migrations.Migration):
    dependencies = [("liaison_stations", "0003_list_order_indexes")]

    operations = [
        PostgresSQL(
            "CREATE INDEX visit_unconfirmed_station_idx ON liaison_stations_stationvisit "
            "(station_id, date DESC, id DESC) WHERE NOT confirmed",
            "DROP INDEX IF EXISTS visit_unconfirmed_station_idx",
        ),
        PostgresSQL(
            "CREATE INDEX visit_unconfirmed_date_idx ON liaison_stations_stationvisit "
            "(date DESC, id DESC) WHERE NOT confirmed",
            "DROP INDEX IF EXISTS visit_unconfirmed_date_idx",
        ),
    ]

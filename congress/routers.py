from django.db import connections


class ReplicaRouter:
    """Reads that may be a little stale (dashboards) go to the replica when a view asks for it
    with `.using("replica")`; everything else, and every write, stays on the primary."""

    # Apps whose reads are aggregate rows that are minutes old anyway: they go to the replica
    # whenever one is configured (production with DATABASE_REPLICA_URL), with no `.using()`.
    REPLICA_READ_APPS = {"dashboards"}

    def db_for_read(self, model, **hints):
        if model._meta.app_label in self.REPLICA_READ_APPS and "replica" in connections.databases:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"

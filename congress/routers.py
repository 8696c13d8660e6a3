class ReplicaRouter:
    """Reads that may be a little stale (dashboards) go to the replica when a view asks for it
    with `.using("replica")`; everything else, and every write, stays on the primary."""

    def db_for_read(self, model, **hints):
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"

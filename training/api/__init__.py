"""The training API, one class per action with its Input and Output serializers: courses and
sessions, materials, plans (一月两学) and their items, figures with their drill-down, and the
deputy's own study (me.py)."""

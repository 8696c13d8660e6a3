"""What is waiting for the user, gathered for the home page from each app's `todo.py`
(`items(user) -> list[dict(key, label, count, url, urgent)]`); entries with nothing waiting are dropped."""

from congress.registry import app_modules


def item(key: str, label, count: int, url: str, *, urgent: bool = False) -> dict:
    return {"key": key, "label": str(label), "count": count, "url": url, "urgent": urgent}


def todo_for(user) -> list[dict]:
    found = []
    for module in app_modules("todo"):
        if module.__name__ == __name__:
            continue
        found += [entry for entry in module.items(user) if entry["count"]]
    return found

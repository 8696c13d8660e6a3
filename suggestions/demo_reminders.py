"""Demo data of one of the later suggestion rules (filled by its owner)."""


def seed(stdout=None) -> None:
    return None

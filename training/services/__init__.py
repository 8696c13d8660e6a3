"""Writes of training, one module per subdomain: courses, materials, items (of plans and online
courses, with their quizzes), plans (一月两学), study (the deputy's progress), sessions and the
coverage standard. Every write audits (congress.services.model_*) and writes the archive at
once (training/archive.py)."""

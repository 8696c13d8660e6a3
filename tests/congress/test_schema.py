import subprocess
import sys

from django.conf import settings


def test_the_openapi_schema_generates_and_validates_without_errors(tmp_path):
    out = tmp_path / "schema.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--file",
            str(out),
            "--settings",
            "congress.settings.test",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # drf-spectacular prints each problem ("Error: ...", "Warning: ...") and, when there was
    # any, a summary; a clean schema prints nothing
    assert "Error" not in result.stderr, result.stderr[-3000:]
    # no warnings either: every choice set has its own component name (ENUM_NAME_OVERRIDES),
    # every operation its own id
    assert "Warning" not in result.stderr, result.stderr[-3000:]
    assert "/api/v1/me/" in out.read_text(encoding="utf-8")

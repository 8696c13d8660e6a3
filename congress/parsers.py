"""DRF's JSON parser with a depth limit: no form of the portal nests deeper than a few levels,
and a body nested thousands of levels deep made Python's decoder raise RecursionError (a 500)."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 64


def _depth(value) -> int:
    """How deeply lists and objects nest in a decoded JSON value (iteratively: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("提交的 JSON 嵌套过深。")) from exc
        if _depth(data) > MAX_DEPTH:
            raise ParseError(_("提交的 JSON 嵌套过深（最多 %(n)s 层）。") % {"n": MAX_DEPTH})
        return data

"""The sane maximum of every text a suggestion's actions take in (issue 14, item 12): the
suggestion's and the reply's body, and the shorter texts (reasons, comments, summaries,
opinions). The API serializers use the same numbers, so the answer is the same 400 either way."""

from django.utils.translation import gettext as _

from congress.errors import invalid

BODY_MAX = 20_000  # 建议内容、答复内容
TEXT_MAX = 2_000  # 理由、意见、沟通情况、说明


def length_errors(**texts: tuple[str | None, int]) -> dict:
    """{field: [message]} for each text longer than its limit: field=(value, limit)."""
    return {
        field: [_("不能超过%(n)s字。") % {"n": limit}]
        for field, (value, limit) in texts.items()
        if value and len(value) > limit
    }


def check_lengths(**texts: tuple[str | None, int]) -> None:
    """A 400 naming every text over its limit (nothing is stored)."""
    errors = length_errors(**texts)
    if errors:
        raise invalid(errors)


def max_length(limit: int) -> dict:
    """A serializer CharField's max_length with the same Chinese message as the services'."""
    return {"max_length": limit, "error_messages": {"max_length": f"不能超过{limit}字。"}}

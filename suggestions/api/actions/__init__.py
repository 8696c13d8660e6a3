"""One endpoint per row of the transition table (suggestions/workflow.py), POST
/api/v1/suggestions/<id>/<action>/, each with its Input and Output; `ACTIONS` lists them by the
table's names (edit and attach live at their older addresses: detail.py and files.py)."""

from importlib import import_module

from suggestions.api.actions.deputies import (
    ConfirmCosignApi,
    ConsentWithdrawalApi,
    RateCosignerApi,
    RateSatisfiedApi,
    RateUnsatisfiedApi,
    SubmitApi,
    WithdrawApi,
)
from suggestions.api.actions.staff import (
    AcceptApi,
    AssignApi,
    DecideExtensionApi,
    MarkKeyApi,
    PublishApi,
    ReassignApi,
    ReturnForReworkApi,
    UnpublishApi,
)
from suggestions.api.actions.units import (
    ContactApi,
    CoOpinionApi,
    CoUnitReturnApi,
    ReplyApi,
    RequestExtensionApi,
    SignApi,
    SignCoApi,
    UnitReturnApi,
)

# Rows of the table whose endpoint is not POST /<id>/<action>/ (their URLs are older).
OTHER_ENDPOINTS = {
    "edit": "PUT /api/v1/suggestions/<id>/ (detail.SuggestionDetailApi)",
    "attach": "POST /api/v1/suggestions/<id>/attachments/ (files.AttachmentApi)",
    "mark_unrated": "no endpoint: the daily sweep of replies nobody rates (suggestions/unrated.py)",
    "calendar_adjust": "no endpoint: deadlines recomputed by the 工作日安排 page (calendar_admin.py)",
    "stage_adjust": "no endpoint: a region's review stages edited on the 建议办理规则 page (rules.py)",
}
ACTIONS = {
    api.action: api
    for api in (
        ConfirmCosignApi, SubmitApi, ConsentWithdrawalApi, WithdrawApi, AcceptApi,
        ReturnForReworkApi, MarkKeyApi, AssignApi, ReassignApi, DecideExtensionApi, SignApi,
        SignCoApi, UnitReturnApi, CoUnitReturnApi, ContactApi, CoOpinionApi, RequestExtensionApi,
        ReplyApi, RateSatisfiedApi, RateUnsatisfiedApi, RateCosignerApi, PublishApi, UnpublishApi,
    )
}  # fmt: skip

# Issue 14's rows, each topic's in its own module (suggestions/api/actions/<topic>.py: APIS).
for _topic in ("ratings", "review_stages", "handoffs", "ledger"):
    ACTIONS |= {api.action: api for api in import_module(f"suggestions.api.actions.{_topic}").APIS}

"""The sidebar lists a page once for whoever may open it: the commitment ledger has an entry
for staff (suggestion.board) and one for handling units (suggestion.inbox); an administrator,
who holds both permissions, sees one."""

import pytest

from congress.menu import menu_for


@pytest.mark.django_db
def test_a_page_with_an_entry_per_role_is_listed_once(admin_user, dongkou_staff, unit_user):
    unit = unit_user
    for user in (admin_user, dongkou_staff, unit):
        urls = [e["url"] for e in menu_for(user)]
        assert len(urls) == len(set(urls)), user.username
    assert [e["url"] for e in menu_for(admin_user)].count("/suggestions/ledger/") == 1
    for user in (dongkou_staff, unit):
        assert "/suggestions/ledger/" in [e["url"] for e in menu_for(user)]

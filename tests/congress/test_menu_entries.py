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


@pytest.mark.django_db
def test_a_superuser_is_not_listed_a_deputys_own_pages(admin_user):
    """The superuser holds every permission, but 我的信息 and the other pages of a deputy's own
    answer 404 for one who is no deputy: none of them is in the sidebar."""
    assert admin_user.is_superuser
    entries = menu_for(admin_user)
    assert not {"my-info", "my-performance", "my-study", "my-training"} & {
        e["key"] for e in entries
    }
    assert {"deputies", "suggestions_board"} <= {e["key"] for e in entries}

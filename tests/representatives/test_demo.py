"""The demo register: realistic sizes per county, valid personal data, deputy_demo linked."""

import pytest

from congress import demo as congress_demo
from congress.models import User
from congress.personal import id_number_errors, phone_error
from representatives import demo
from representatives.models import Deputy, Mandate

pytestmark = pytest.mark.django_db


def test_the_demo_register_is_realistic_and_seeding_twice_adds_nothing(regions):
    congress_demo.seed()
    demo.seed()

    def people(code):
        return Deputy.objects.filter(region__code__startswith=code)

    assert people("430182").count() == 2435
    assert people("430525").count() == 1600
    assert people("431025").count() == 300
    assert set(Mandate.objects.values_list("congress__level", flat=True)) == {
        "provincial",
        "city",
        "county",
        "township",
    }
    assert people("430525").exclude(ethnicity="汉族").filter(ethnicity="瑶族").count() > 50
    for deputy in people("430525")[:200]:
        assert not id_number_errors(
            deputy.id_number, birth_date=deputy.birth_date, gender=deputy.gender
        )
        assert phone_error(deputy.phone) is None
        assert deputy.name_initials

    wang = Deputy.objects.get(user=User.objects.get(username="deputy_demo"))
    assert wang.name == "王秀英" and wang.region.parent_id == "430525"
    assert sorted(m.congress.level for m in wang.mandates.filter(status="serving")) == [
        "county",
        "township",
    ]

    before = (Deputy.objects.count(), Mandate.objects.count())
    demo.seed()
    assert (Deputy.objects.count(), Mandate.objects.count()) == before

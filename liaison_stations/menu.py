from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission)
ITEMS = [
    (40, "stations", _("代表联络站"), "stations", "OfficeBuilding", "station.view"),
    (41, "my_station", _("我的联络站"), "my_station", "House", "my_station.view"),
    (42, "opinions", _("社情民意"), "opinions", "ChatLineSquare", "opinion.manage"),
    (42, "opinions_to_handle", _("转办的社情民意"), "opinions", "ChatLineSquare", "opinion.reply"),
    (
        43,
        "station_statistics",
        _("联络站统计"),
        "station_statistics",
        "DataAnalysis",
        "station.statistics",
    ),
]

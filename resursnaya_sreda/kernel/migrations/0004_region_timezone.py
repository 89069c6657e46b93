"""Each region's IANA time zone (the zone of its capital), so times are local everywhere.

Regions spanning several zones (Якутия, the Sakha republic) take their capital's; the eleven
zones of Russia from Kaliningrad (UTC+2) to Kamchatka and Chukotka (UTC+12) are all used.
"""

import resursnaya_sreda.kernel.localtime
from django.db import migrations, models

ZONES = {
    "01": "Europe/Moscow",  # Адыгея
    "02": "Asia/Yekaterinburg",  # Башкортостан
    "03": "Asia/Irkutsk",  # Бурятия
    "04": "Asia/Barnaul",  # Республика Алтай
    "05": "Europe/Moscow",  # Дагестан
    "06": "Europe/Moscow",  # Ингушетия
    "07": "Europe/Moscow",  # Кабардино-Балкария
    "08": "Europe/Moscow",  # Калмыкия
    "09": "Europe/Moscow",  # Карачаево-Черкесия
    "10": "Europe/Moscow",  # Карелия
    "11": "Europe/Moscow",  # Коми
    "12": "Europe/Moscow",  # Марий Эл
    "13": "Europe/Moscow",  # Мордовия
    "14": "Asia/Yakutsk",  # Саха (Якутия)
    "15": "Europe/Moscow",  # Северная Осетия — Алания
    "16": "Europe/Moscow",  # Татарстан
    "17": "Asia/Krasnoyarsk",  # Тыва
    "18": "Europe/Samara",  # Удмуртия
    "19": "Asia/Krasnoyarsk",  # Хакасия
    "20": "Europe/Moscow",  # Чечня
    "21": "Europe/Moscow",  # Чувашия
    "22": "Asia/Barnaul",  # Алтайский край
    "23": "Europe/Moscow",  # Краснодарский край
    "24": "Asia/Krasnoyarsk",  # Красноярский край
    "25": "Asia/Vladivostok",  # Приморский край
    "26": "Europe/Moscow",  # Ставропольский край
    "27": "Asia/Vladivostok",  # Хабаровский край
    "28": "Asia/Yakutsk",  # Амурская область
    "29": "Europe/Moscow",  # Архангельская область
    "30": "Europe/Astrakhan",  # Астраханская область
    "31": "Europe/Moscow",  # Белгородская область
    "32": "Europe/Moscow",  # Брянская область
    "33": "Europe/Moscow",  # Владимирская область
    "34": "Europe/Volgograd",  # Волгоградская область
    "35": "Europe/Moscow",  # Вологодская область
    "36": "Europe/Moscow",  # Воронежская область
    "37": "Europe/Moscow",  # Ивановская область
    "38": "Asia/Irkutsk",  # Иркутская область
    "39": "Europe/Kaliningrad",  # Калининградская область
    "40": "Europe/Moscow",  # Калужская область
    "41": "Asia/Kamchatka",  # Камчатский край
    "42": "Asia/Novokuznetsk",  # Кемеровская область — Кузбасс
    "43": "Europe/Kirov",  # Кировская область
    "44": "Europe/Moscow",  # Костромская область
    "45": "Asia/Yekaterinburg",  # Курганская область
    "46": "Europe/Moscow",  # Курская область
    "47": "Europe/Moscow",  # Ленинградская область
    "48": "Europe/Moscow",  # Липецкая область
    "49": "Asia/Magadan",  # Магаданская область
    "50": "Europe/Moscow",  # Московская область
    "51": "Europe/Moscow",  # Мурманская область
    "52": "Europe/Moscow",  # Нижегородская область
    "53": "Europe/Moscow",  # Новгородская область
    "54": "Asia/Novosibirsk",  # Новосибирская область
    "55": "Asia/Omsk",  # Омская область
    "56": "Asia/Yekaterinburg",  # Оренбургская область
    "57": "Europe/Moscow",  # Орловская область
    "58": "Europe/Moscow",  # Пензенская область
    "59": "Asia/Yekaterinburg",  # Пермский край
    "60": "Europe/Moscow",  # Псковская область
    "61": "Europe/Moscow",  # Ростовская область
    "62": "Europe/Moscow",  # Рязанская область
    "63": "Europe/Samara",  # Самарская область
    "64": "Europe/Saratov",  # Саратовская область
    "65": "Asia/Sakhalin",  # Сахалинская область
    "66": "Asia/Yekaterinburg",  # Свердловская область
    "67": "Europe/Moscow",  # Смоленская область
    "68": "Europe/Moscow",  # Тамбовская область
    "69": "Europe/Moscow",  # Тверская область
    "70": "Asia/Tomsk",  # Томская область
    "71": "Europe/Moscow",  # Тульская область
    "72": "Asia/Yekaterinburg",  # Тюменская область
    "73": "Europe/Ulyanovsk",  # Ульяновская область
    "74": "Asia/Yekaterinburg",  # Челябинская область
    "75": "Asia/Chita",  # Забайкальский край
    "76": "Europe/Moscow",  # Ярославская область
    "77": "Europe/Moscow",  # Москва
    "78": "Europe/Moscow",  # Санкт-Петербург
    "79": "Asia/Vladivostok",  # Еврейская автономная область
    "80": "Europe/Moscow",  # Донецкая Народная Республика
    "81": "Europe/Moscow",  # Луганская Народная Республика
    "82": "Europe/Simferopol",  # Республика Крым
    "83": "Europe/Moscow",  # Ненецкий автономный округ
    "84": "Europe/Moscow",  # Херсонская область
    "85": "Europe/Moscow",  # Запорожская область
    "86": "Asia/Yekaterinburg",  # Ханты-Мансийский автономный округ — Югра
    "87": "Asia/Anadyr",  # Чукотский автономный округ
    "89": "Asia/Yekaterinburg",  # Ямало-Ненецкий автономный округ
    "92": "Europe/Simferopol",  # Севастополь
}


def set_zones(apps, schema_editor):
    Region = apps.get_model("kernel", "Region")
    for code, zone in ZONES.items():
        Region.objects.filter(code=code).update(timezone=zone)


class Migration(migrations.Migration):
    dependencies = [
        ("kernel", "0003_consent_texts"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="timezone",
            field=models.CharField(
                default="Europe/Moscow",
                help_text=(
                    "Имя из базы IANA, например Asia/Vladivostok: в нём вводят и показывают "
                    "время мероприятий региона."
                ),
                max_length=40,
                validators=[resursnaya_sreda.kernel.localtime.validate_zone],
                verbose_name="часовой пояс",
            ),
        ),
        migrations.RunPython(set_zones, migrations.RunPython.noop),
    ]

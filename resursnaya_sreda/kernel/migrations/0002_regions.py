"""The 89 federal subjects of the Russian Federation with their codes and federal districts."""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.tsv"


def load_regions(apps, schema_editor):
    Region = apps.get_model("kernel", "Region")
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        code, name, district = line.split("\t")
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "federal_district": district}
        )


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]

from django.db import migrations

# The default scale (0002) in Russian; a scale an editor has already named in Russian is kept.
RUSSIAN = {
    "true": ("Правда", "Утверждение точно, и ничего существенного не упущено."),
    "mostly-true": (
        "В основном правда",
        "Утверждение точно, но нуждается в уточнении, или в нём неверна деталь.",
    ),
    "half-true": (
        "Полуправда",
        "Утверждение отчасти точно, но упускает важные детали или вырывает факты из контекста.",
    ),
    "mostly-false": (
        "В основном ложь",
        "В утверждении есть доля правды, но оно игнорирует факты, которые изменили бы "
        "впечатление.",
    ),
    "false": ("Ложь", "Утверждение не соответствует действительности."),
    "unproven": (
        "Не доказано",
        "Имеющиеся данные не позволяют вынести вердикт ни в одну сторону. Вне шкалы.",
    ),
}


def name_in_russian(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for slug, (name, description) in RUSSIAN.items():
        Rating.objects.filter(slug=slug, name_ru__isnull=True).update(
            name_ru=name, description_ru=description
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_search_in_every_language")]

    operations = [migrations.RunPython(name_in_russian, migrations.RunPython.noop)]

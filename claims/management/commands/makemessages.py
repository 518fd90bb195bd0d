"""Django's ``makemessages`` with this project's defaults, so ``make messages`` and the
catalogue test scan the same files: the project's code and templates, not the virtualenv,
the tests or the scripts, without source line numbers (which would change the catalogue
on every edit of a file), and without guessing a new string's translation from a similar
one (a guess looks translated but is wrong)."""

from django.core.management.commands import makemessages

IGNORED = [".venv", "node_modules", "tests", "scripts", "loadtest", "staticfiles", ".cache"]


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["no_location"] = True
        return super().handle(*args, **options)

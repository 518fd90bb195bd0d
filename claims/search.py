"""Full-text search of claims, indexed by the database itself, in every language a check is
published in.

PostgreSQL: a stored, weighted ``search_vector`` column (generated from the claim's words,
its original wording, and each language's claim as reviewed, summary and ruling, each
language under its own text-search configuration, so Russian words are found in their
inflected forms) with a GIN index, ranked with ``ts_rank``. SQLite: an FTS5 index kept in
step by triggers, newest match first (``unicode61`` folds the case of Cyrillic letters as
of Latin ones). Both are created by a migration and checked again after every ``migrate``,
because SQLite drops a table's triggers whenever a migration rebuilds it.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import Q
from django.db.models.expressions import RawSQL

FTS = "claims_claim_fts"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# PostgreSQL's text-search configuration for each language (stemming, stop words).
CONFIGURATIONS = {"en": "english", "ru": "russian"}
TEXTS = [("claim_reviewed", "A"), ("summary", "B"), ("ruling", "C")]
INDEXED = [
    "text",
    "original_wording",
    *(f"{field}_{code}" for code in LANGUAGES for field, _weight in TEXTS),
]
COLUMNS = ", ".join(INDEXED)


def _vector(code):
    config = CONFIGURATIONS[code]
    own = "text" if code == settings.LANGUAGE_CODE else "original_wording"
    return " || ".join(
        f"setweight(to_tsvector('{config}', "
        + (f"{own} || ' ' || " if weight == "A" else "")
        + f"coalesce({field}_{code}, '')), '{weight}')"
        for field, weight in TEXTS
    )


POSTGRESQL = [
    f"""ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS ({" || ".join(_vector(code) for code in LANGUAGES)}) STORED""",
    "CREATE INDEX IF NOT EXISTS claims_claim_search ON claims_claim USING gin (search_vector)",
]


def _values(row):
    return ", ".join(f"{row}.{column}" for column in INDEXED)


SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({COLUMNS},
        content='claims_claim', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON claims_claim BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, {_values("new")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON claims_claim BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', old.id, {_values("old")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF {COLUMNS} ON claims_claim
    BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', old.id, {_values("old")});
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.id, {_values("new")});
    END""",
]


def install(connection):
    """Create the search index on ``connection`` if it is missing (idempotent). Before the
    migration that gives claims all the indexed columns, there is nothing to index yet: the
    index is made after the last migration."""
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "claims_claim")
        }
        if not set(INDEXED) <= columns:
            return
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL:
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{FTS}_%"],
            )
            if cursor.fetchone()[0] < 3:
                for statement in SQLITE:
                    cursor.execute(statement)
                cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def uninstall(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector")
        elif connection.vendor == "sqlite":
            for trigger in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")


def install_after_migrate(using, **kwargs):
    from django.db import connections

    install(connections[using])


def fts5_query(words):
    """Each word as a quoted FTS5 string, so reader input is never FTS5 syntax."""
    return " ".join('"{}"'.format(word.replace('"', '""')) for word in words)


def search(queryset, text):
    """Claims matching ``text``, best first: all its words in the claim (stemmed), or the
    whole of it in the speaker's name."""
    from django.db import connections

    words = text.split()
    if not words:
        return queryset
    speakers = queryset.model._meta.get_field("speaker").related_model
    speakers = list(
        speakers.objects.filter(name__icontains=" ".join(words)).values_list("pk", flat=True)
    )

    def matching(condition):
        # Speaker ids as a list, not a subquery, so the database can combine both indexes;
        # no OR at all when no name matches, so the text index alone drives the query.
        return condition | Q(speaker__in=speakers) if speakers else condition

    if connections[queryset.db].vendor == "postgresql":
        vector = RawSQL("claims_claim.search_vector", [], output_field=SearchVectorField())
        query = None
        for code in LANGUAGES:  # the words as each language would inflect them
            words_in = SearchQuery(
                " ".join(words), config=CONFIGURATIONS[code], search_type="websearch"
            )
            query = words_in if query is None else query | words_in
        return (
            queryset.alias(search_vector=vector)
            .filter(matching(Q(search_vector=query)))
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", *queryset.query.order_by)
        )
    # FTS5 computes bm25 per query, so ranking every match from SQL costs a full-text query
    # per row; on SQLite the matches are listed newest first instead.
    found = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [fts5_query(words)])
    return queryset.filter(matching(Q(pk__in=found)))

"""What search stores per page: vectors of its text chunks and one keyword row.

Both tables hold rows only for live, public pages that inherit ``core.models.BasePage``;
``search.indexing`` keeps them in step with publishing (and the queries check ``live`` and view
restrictions again, as a second guard).

Dimensions: every vector has :data:`DIMENSIONS` (512, the multilingual USE model) because an HNSW
index needs a fixed dimension. The model name is stored with every vector, so switching to another
512-dimension model is only ``manage.py rebuild_search_index`` (old vectors keep serving until
the new ones are complete). A model with another dimension needs a migration first; see
``docs/PERFORMANCE.md`` ("Changing the embedding model").
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pgvector.django import HnswIndex, VectorField
from wagtail.models import Page

DIMENSIONS = 512


class PageEmbedding(models.Model):
    """One chunk of a page's text and its vector. Chunk 0 is the page's title and summary
    (the "document vector" used for similar pages); chunks 1.. are its text cut on sentence
    boundaries."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="search_embeddings")
    model = models.CharField(_("モデル"), max_length=100)
    chunk = models.PositiveIntegerField(_("チャンク番号"))
    content_hash = models.CharField(_("内容のハッシュ"), max_length=64)
    embedding = VectorField(dimensions=DIMENSIONS)
    # Copies of the page's keyword-row values, so that filtered vector searches are an HNSW
    # scan of this table alone (pgvector's iterative scan applies the filter as it goes).
    page_type = models.CharField(_("ページの種類"), max_length=100, default="")
    filters = models.JSONField(_("絞り込みの値"), default=dict)

    class Meta:
        verbose_name = _("ページの埋め込み")
        verbose_name_plural = _("ページの埋め込み")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "model", "chunk"], name="search_embedding_page_model_chunk"
            )
        ]
        indexes = [
            HnswIndex(
                name="search_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
            # Similar pages compare document vectors only: a small index of its own.
            HnswIndex(
                name="search_embedding_doc_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
                condition=Q(chunk=0),
            ),
            models.Index(fields=["model", "page"], name="search_embedding_model_page"),
            # Filtered semantic search starts from document vectors; a selective filter (one
            # prefecture) is faster as an exact scan of its pages than as a filtered HNSW scan.
            GinIndex(
                fields=["filters"],
                name="search_embedding_filters_gin",
                opclasses=["jsonb_path_ops"],
                condition=Q(chunk=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id}#{self.chunk} ({self.model})"


class PageVector(models.Model):
    """The whole-page vector of one model: the mean of the page's chunk vectors, normalised
    (``search.writer.write_page_vectors``, from its :class:`PageEmbedding` rows). Similar pages
    compare it beside the document vector (chunk 0), so that what a page says past its summary
    counts too; a row of its own, with its own HNSW index, so that no query aggregates chunks."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="search_vectors")
    model = models.CharField(_("モデル"), max_length=100)
    # a digest of the chunk hashes it was computed from (unchanged chunks: no rewrite)
    content_hash = models.CharField(_("内容のハッシュ"), max_length=64)
    embedding = VectorField(dimensions=DIMENSIONS)
    page_type = models.CharField(_("ページの種類"), max_length=100, default="")
    filters = models.JSONField(_("絞り込みの値"), default=dict)

    class Meta:
        verbose_name = _("ページ全体の埋め込み")
        verbose_name_plural = _("ページ全体の埋め込み")
        constraints = [
            models.UniqueConstraint(fields=["page", "model"], name="search_pagevector_page_model")
        ]
        indexes = [
            HnswIndex(
                name="search_pagevector_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} ({self.model})"


class PageSearchText(models.Model):
    """The keyword row of a page: SudachiPy tokens as a tsvector, the values the search
    filters match on, the names shown with a result and the plain text for snippets."""

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    page_type = models.CharField(_("ページの種類"), max_length=100, db_index=True)
    search_vector = SearchVectorField()
    # The title-and-summary lexemes (weight A) alone: small, stored in the row. Keyword
    # ranking's first pass scores on it, so that it never reads a long page's whole vector,
    # which PostgreSQL keeps out of line and fetches again on every use.
    head_vector = models.GeneratedField(
        expression=models.Func(
            models.F("search_vector"),
            models.Value("{a}"),
            function="ts_filter",
            output_field=SearchVectorField(),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    filters = models.JSONField(_("絞り込みの値"), default=dict)
    labels = models.JSONField(_("表示名"), default=dict)
    text = models.TextField(_("本文"), blank=True)
    # Keyword tokens in the page text (BM25 length normalisation).
    length = models.PositiveIntegerField(_("語数"), default=0)
    content_hash = models.CharField(_("内容のハッシュ"), max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ページの検索用テキスト")
        verbose_name_plural = _("ページの検索用テキスト")
        indexes = [
            GinIndex(fields=["search_vector"], name="search_text_vector_gin"),
            GinIndex(
                fields=["filters"], name="search_text_filters_gin", opclasses=["jsonb_path_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} ({self.page_type})"


class SearchTerm(models.Model):
    """How many indexed pages contain a keyword (a lexeme of ``PageSearchText.search_vector``).

    Keyword search reads it to start from the query's rarest words, so that a query made of
    common words does not rank most of the table (see ``search.keyword.keyword_ranking``).
    ``search.indexing`` keeps it in step row by row; ``rebuild_search_index`` recounts it."""

    term = models.CharField(_("語"), max_length=200, primary_key=True)
    documents = models.PositiveIntegerField(_("含むページ数"))

    class Meta:
        verbose_name = _("検索語の統計")
        verbose_name_plural = _("検索語の統計")

    def __str__(self) -> str:
        return f"{self.term} ({self.documents})"


class SearchPosting(models.Model):
    """How often a keyword (a lexeme of ``PageSearchText.search_vector``) occurs in one page, in its
    title and summary (``head_tf``) and in its whole text (``body_tf``): the term frequencies of
    the BM25 keyword ranking (``search.keyword.keyword_ranking``). Written from the tsvector with
    the keyword row, so the two never disagree."""

    pk = models.CompositePrimaryKey("page", "term")
    # the primary key (page, term) is the index on page
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", db_index=False)
    term = models.CharField(_("語"), max_length=200)
    head_tf = models.PositiveSmallIntegerField(_("見出しでの出現数"))
    body_tf = models.PositiveSmallIntegerField(_("本文での出現数"))
    # The term's BM25 term-frequency part in this page (saturated and length-normalised with
    # the mean length when written; the IDF is the term's own): a page's weight for the term,
    # so that the pages that weigh a term most are an index range scan (similar pages' key
    # terms, ``search.similar``).
    impact = models.FloatField(_("重み"), default=0.0)

    class Meta:
        db_table = "search_posting"
        indexes = [
            models.Index(
                fields=["term", "-impact"], include=["page"], name="search_posting_term_impact"
            )
        ]
        verbose_name = _("検索語の出現")
        verbose_name_plural = _("検索語の出現")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.term} ({self.head_tf}/{self.body_tf})"

"""factory-boy base for Wagtail pages: a page is placed in the tree with ``add_child``.

wagtail-factories would do this too, but its releases declare support for Wagtail 7 only;
a page factory needs little more than Wagtail's own ``add_child``, so the site keeps this.

``SomePageFactory(parent=page, ...)`` adds the page under ``parent`` (the tree's root node
when omitted). ``live=True`` (the default) publishes it through a revision, as an editor's
"publish" does, so the page has a revision and the publish signals (search indexing) run;
``live=False`` leaves an unpublished page with one draft revision.
"""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Page


class PageFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"ページ{n}")
    slug = factory.LazyAttributeSequence(
        lambda page, n: slugify(page.title, allow_unicode=True)[:70].strip("-") or f"page-{n}"
    )
    live = True

    class Meta:
        model = Page
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, owner=None, live=True, **kwargs):
        page = cls._prepare_page(model_class, *args, live=False, owner=owner, **kwargs)
        parent = parent if parent is not None else Page.get_first_root_node()
        base, n = page.slug, 2
        while parent.get_children().filter(slug=page.slug).exists():  # unique among siblings
            page.slug, n = f"{base}-{n}", n + 1
        parent.add_child(instance=page)
        revision = page.save_revision(user=owner, log_action=True)
        if live:
            revision.publish(user=owner)
            page.refresh_from_db()
        return page

    @classmethod
    def _prepare_page(cls, model_class, *args, **kwargs):
        """The unsaved page; subclasses set relations (tags, child rows) here, before saving."""
        return model_class(*args, **kwargs)

"""The MkDocs glue: the only part of the package that knows about MkDocs.

``hooks/portal_hooks.py`` re-exports the event handlers of :mod:`hooks`; the
work itself is done by plain functions in the sibling modules, so it can be
tested without a build.  static-i18n builds the site once per language, so
every handler here must be idempotent and keep no state across locales.
"""

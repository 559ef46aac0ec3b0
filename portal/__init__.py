"""Multilingual publishing pipeline for the foreign-information portal.

Vietnamese pages under ``docs/vi/`` are the source of truth; the stages in
this package import government documents, pre-translate pages to English and
Chinese, enforce the terminology glossary and track translator review.  The
CLI (``portal``) and the MkDocs hooks are thin layers over these modules.
"""

__version__ = "0.1.0"

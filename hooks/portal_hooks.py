"""The portal's MkDocs hooks: a thin layer over portal.sitebuild.hooks."""

from portal.sitebuild.hooks import on_post_build, on_post_page  # noqa: F401

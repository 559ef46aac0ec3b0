"""The portal's MkDocs hooks: a thin layer over portal.sitebuild.hooks."""

from portal.sitebuild.hooks import (  # noqa: F401
    on_config,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_page_read_source,
    on_post_build,
    on_post_page,
    on_post_template,
    on_pre_build,
    on_template_context,
)

from portal.sitebuild.hreflang import absolute_alternates

HEAD = (
    '<head>\n      <link rel="alternate" href="../../about/" hreflang="vi">\n'
    '      <link rel="alternate" href="./" hreflang="en">\n</head>'
)


def test_relative_alternates_become_absolute_with_x_default():
    html = absolute_alternates(HEAD, "https://portal.example.org/en/about/", default_lang="vi")
    assert '<link rel="alternate" href="https://portal.example.org/about/" hreflang="vi">' in html
    assert '<link rel="alternate" href="https://portal.example.org/en/about/" hreflang="en">' in html
    assert html.index('hreflang="x-default"') > html.index('hreflang="en"')
    assert '<link rel="alternate" href="https://portal.example.org/about/" hreflang="x-default">' in html


def test_page_without_the_default_language_is_left_alone():
    html = '<head><link rel="alternate" type="application/rss+xml" href="feed.xml"></head>'
    assert absolute_alternates(html, "https://portal.example.org/", default_lang="vi") == html

"""Machine pre-translation: one package, one module per concern.

- :mod:`~portal.translation.segment`: Markdown pages cut into the sentences a model translates;
- :mod:`~portal.translation.packages`: the Argos packages installed in ``.models/``;
- :mod:`~portal.translation.backends`: the one-method backend interface and its implementations;
- :mod:`~portal.translation.memory`: the committed translation memory, a wrapper around a backend;
- :mod:`~portal.translation.run`: a translation run over the project's pages.
"""

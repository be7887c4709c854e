"""Every administrative unit of Việt Nam, before and after 01/07/2025: the data files
(``data``) and their loading into ``Locality`` (``loader``; ``manage.py load_places``)."""

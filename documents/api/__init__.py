"""The read-only JSON API under ``/api/`` (Django REST framework + django-filter).

- ``serializers``: what each object looks like (stable slugs, public page addresses)
- ``views``: read-only viewsets; the document list reuses the list page's FilterSet
- ``urls``: the router, the OpenAPI 3 schema (``/api/schema/``) and its documentation page
"""

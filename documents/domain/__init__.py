"""Pure-Python domain code: no Django imports here.

- ``vocabulary``: the fixed vocabularies (document types, link kinds, statuses…)
- ``vietnamese``: NFC, tone-mark placement, folding, collation, number formatting
- ``symbols``: parsing document symbols such as ``188-KH/TU`` and ``29/2023/NĐ-CP``
- ``references``: finding document references in running text
- ``applicability``: which places' documents apply at a place (here, above, formed from)
- ``validation``: the rules one object's values keep (models' ``clean()`` and the import)
"""

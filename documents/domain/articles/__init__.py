"""What a news article says about documents, read from its text alone (no database):

- ``items``: the analysis as plain data — the documents mentioned, their occurrences and
  status, the proposed links;
- ``grouping``: references naming the same document grouped into one item;
- ``links``: the links an article states between documents (``A tiếp tục thực hiện B``);
- ``titles``: comparing titles, reading a law's name;
- ``issuers``: issuer phrases against body names, the article's words as context;
- ``sources``: publisher and headline guessed from the text.

Finding the references themselves is ``documents.domain.references``; matching the items
against the catalogue is ``documents.article_matching``.
"""

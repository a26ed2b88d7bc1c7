"""Privacy by design (AVG): what a teacher may see of the school's files, and who may open what.

- :mod:`cardsort.privacy.names`: does a file name carry a likely personal name? (first-name lists
  shipped as package data, plus patterns such as initials and "groep 5 Sem").
- :mod:`cardsort.privacy.sensitive`: is a folder confidential (pupil care, staff, management),
  judged by its name and by the names of the files in it, and for which audience?
- :mod:`cardsort.privacy.audiences`: the audiences a folder of the new structure can have.

Pure functions over names and paths; no I/O except reading the package's own data files.
"""

from __future__ import annotations

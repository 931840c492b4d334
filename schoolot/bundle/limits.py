"""How much a bundle may hold: every limit on an import, in one place.

Sized from a generated district of 200 schools, 100 therapists and 5,000 students
(`flask generate-district`): 4.2 MB of CSV in all, 1.8 MB in its largest file
(blocks.csv), 12 files, compressed at most 18 to 1. The limits leave about six times
that (a 24,000-student district, 19.5 MB, fits), and refuse anything bigger before
reading it: a zip's declared sizes are checked first, then every file is read as a
stream that stops at its limit (a zip's headers can lie). bench/UPLOADS.md has the
figures: a zip bomb is refused in well under a second, in about 35 MB over the app's
own 140 MB; checking the 24,000-student district peaks at about 550 MB.
"""

from __future__ import annotations

MB = 1024 * 1024

# What all the bundle's files may unpack to together, and each one alone.
MAX_BUNDLE_BYTES = 25 * MB
MAX_FILE_BYTES = 15 * MB
# Entries in a zip (files and folders, __MACOSX extras included): a bundle has 12 files.
MAX_ZIP_MEMBERS = 100
# A member bigger than this may not unpack to more than MAX_COMPRESSION_RATIO times its
# compressed size (CSV compresses to about 1/5, very repetitive CSV to 1/20).
RATIO_CHECKED_FROM_BYTES = 1 * MB
MAX_COMPRESSION_RATIO = 100
# The largest request the app accepts (MAX_CONTENT_LENGTH): a stored (uncompressed) zip
# of a bundle at the limit, with room for the zip's and the form's own headers.
MAX_UPLOAD_BYTES = MAX_BUNDLE_BYTES + 1 * MB

# Problems listed for one bundle, and a message's length: schoolot/problems.py.

from __future__ import annotations


class OfferError:
    FILE = "offer_file"
    COLUMNS = "offer_columns"
    ALREADY_IMPORTED = "offer_import_applied"
    DUPLICATE = "offer_duplicate"

"""Services delivered: the sessions planned on each date, and what was logged of them."""

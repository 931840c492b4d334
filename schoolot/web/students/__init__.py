"""The students area: the list, a student's page, and the forms that change them."""

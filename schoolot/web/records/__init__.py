"""Records of student records: the access log pages, change proposals and their settings."""

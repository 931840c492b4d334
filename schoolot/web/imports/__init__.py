"""The bundle upload page (coordinators only)."""

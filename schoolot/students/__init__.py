"""Students and their IEP details: service lines, goals and equipment."""

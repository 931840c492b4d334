"""The district's own data: settings, schools (bell schedule, blocks, calendar, travel),
therapists with their hours, teachers and accounts.

Plain functions taking a session and plain values; they check the same rules as the
bundle import (schoolot.values, schoolot.rules), raise ValidationFailed and only flush.
Each problem reads `field: message`, `field` naming the form field concerned, so the
web layer can attach the message where the user typed the value.
"""

"""Mixed-direction text in one line: Arabic titles beside Latin text, dates and numbers."""


def isolated(text):
    """``text`` set apart for the bidirectional algorithm (Unicode FSI … PDI).

    An Arabic title followed by an ISO date in one line of a left-to-right page otherwise
    pulls the date's digits into its own right-to-left run, and 2025-05-11 reads 11-05-2025.
    Inside the isolate the text takes its own direction and leaves its neighbours alone.
    """
    return f"\u2068{text}\u2069"

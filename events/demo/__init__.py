"""The demo data: the seed article of 11 May 2025 as records.

``seed_story`` holds the records as plain data, for editors to read and review;
``loader`` writes them to the database (``manage.py load_demo_data``).
"""
